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

// Issue 21: a deleted key file beside a database holding sales was made anew
// in silence, and every token sold then failed. Only an empty store may get
// new keys.
TEST_F(CoreRuntime, RefusesToMakeANewKeyBesideADatabaseThatHoldsSales) {
  {
    Core core(config_);
    store::TokenRecord sold;
    sold.token_id[0] = 1;
    sold.service = "vision";
    sold.price_msat = 10'000;
    core.store().mark_token_paid(sold, 1'700'000'000);
  }
  for (const char* key : {"root.key", "mpp.key", "node.key"}) {
    SCOPED_TRACE(key);
    const auto file = config_.data_dir / key;
    const auto kept = dir_ / key;
    fs::rename(file, kept);
    try {
      Core core(config_);
      ADD_FAILURE() << "started without " << key;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("is missing"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(file)) << "no new key was written";
    fs::rename(kept, file);
  }
  EXPECT_NO_THROW(Core{config_});
}

TEST_F(CoreRuntime, AKeyFileThatIsADirectoryIsRefusedForWhatItIs) {
  fs::create_directories(config_.data_dir / "root.key");
  try {
    Core core(config_);
    ADD_FAILURE() << "started with a directory for root.key";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace l402d::app
