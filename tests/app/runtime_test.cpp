#include "app/runtime.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "util/run_blocking.hpp"

namespace l402d::app {
namespace {

namespace fs = std::filesystem;

class CoreRuntime : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("l402d-core-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    config_ = default_config();
    config_.data_dir = dir_ / "data";
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  Config config_;
};

TEST_F(CoreRuntime, BuildsTheConfiguredBackendsThroughTheFactories) {
  auto& sqlite = std::get<store::SqliteStoreConfig>(config_.store_backend);
  sqlite.path = dir_ / "elsewhere.db";
  Core core(config_);
  EXPECT_TRUE(fs::exists(dir_ / "elsewhere.db"));
  EXPECT_FALSE(fs::exists(config_.data_dir / "l402d.db"));
  EXPECT_EQ(core.lightning().name(), "builtin");
  EXPECT_TRUE(fs::exists(config_.data_dir / "node.key"));
}

TEST_F(CoreRuntime, DevPaymentsAreTheBackendsCapability) {
  Core core(config_);
  auto* payments = core.lightning().dev_payments();
  ASSERT_NE(payments, nullptr);
  auto invoice = run_blocking(core.lightning().async_create_invoice({10'000, "L402 vision", 600}));
  ASSERT_TRUE(payments->settle(invoice.bolt11));
  // Settled through the store the Core opened, so another Core sees it.
  Core again(config_);
  EXPECT_EQ(run_blocking(again.lightning().async_lookup_invoice(invoice.payment_hash))->state,
            lightning::InvoiceState::settled);
}

TEST_F(CoreRuntime, RootKeySchemeChoosesTheDenyList) {
  EXPECT_NE(Core(config_).revocations(), nullptr);
  EXPECT_TRUE(fs::exists(config_.data_dir / "root.key"));
  config_.root_keys = RootKeyScheme::stored;
  EXPECT_EQ(Core(config_).revocations(), nullptr);
}

}  // namespace
}  // namespace l402d::app
