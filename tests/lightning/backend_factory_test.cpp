#include "lightning/backend_factory.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "util/named_variant.hpp"
#include "util/run_blocking.hpp"

namespace l402d::lightning {
namespace {

CreatedInvoice create(Backend& b, CreateInvoiceRequest r) {
  return run_blocking(b.async_create_invoice(std::move(r)));
}
std::optional<InvoiceStatus> lookup(Backend& b, const Hash32& hash) {
  return run_blocking(b.async_lookup_invoice(hash));
}

namespace fs = std::filesystem;

class LightningBackendFactory : public ::testing::Test {
 protected:
  l402d::testing::TempDir dir_{"l402d-factory"};
  std::unique_ptr<store::Store> store_ = store::open_sqlite_store({dir_ / "l402d.db"});
};

TEST_F(LightningBackendFactory, TheDefaultIsTheBuiltinNode) {
  EXPECT_EQ(variant_name(BackendConfig{}), "builtin");
  EXPECT_EQ(variant_names<BackendConfig>(),
            (std::vector<std::string_view>{"builtin", "lnd", "cln", "lnbits", "phoenixd", "nwc"}));
}

TEST_F(LightningBackendFactory, BuildsTheBuiltinNodeWithDevPayments) {
  auto backend = make_backend(BuiltinNodeConfig{}, {dir_.path(), *store_});
  ASSERT_TRUE(backend);
  EXPECT_EQ(backend->name(), "builtin");
  EXPECT_TRUE(backend->simulates_payments());
  EXPECT_TRUE(fs::exists(dir_ / "node.key"));
  auto* payments = backend->dev_payments();
  ASSERT_NE(payments, nullptr);
  auto created = run_blocking(backend->async_create_invoice({100'000, "L402 vision", 600}));
  auto preimage = payments->settle(created.bolt11);
  ASSERT_TRUE(preimage);
  auto settled =
      run_blocking(backend->async_wait_invoice(created.payment_hash, std::chrono::seconds(1)));
  ASSERT_TRUE(settled);
  EXPECT_EQ(settled->state, InvoiceState::settled);
  EXPECT_EQ(settled->preimage, *preimage);
}

TEST_F(LightningBackendFactory, PassesTheBuiltinTableAndClockThrough) {
  BuiltinNodeConfig config;
  config.remembered_invoices = 1;
  std::int64_t now = 1'800'000'000;
  auto backend = make_backend(config, {dir_.path(), *store_, [&] { return now; }});
  auto first = create(*backend, {1000, "a", 600});
  auto second = create(*backend, {1000, "b", 600});
  EXPECT_EQ(first.expires_at, now + 600);
  // With room for one unpaid invoice, the older one is forgotten.
  EXPECT_FALSE(lookup(*backend, first.payment_hash));
  EXPECT_EQ(lookup(*backend, second.payment_hash)->state, InvoiceState::open);
}

TEST_F(LightningBackendFactory, AReopenedNodeKeepsItsKey) {
  auto a = make_backend(BuiltinNodeConfig{}, {dir_.path(), *store_});
  auto b = make_backend(BuiltinNodeConfig{}, {dir_.path(), *store_});
  auto created = create(*a, {1000, "restart", 600});
  EXPECT_TRUE(b->dev_payments()->settle(created.bolt11));
}

// Two instances on one shared store are one node: either settles the other's
// invoices, and no key file is written to either data directory.
TEST_F(LightningBackendFactory, NodesOnASharedStoreShareTheStoresKey) {
  l402d::testing::TempDir other{"l402d-factory-b"};
  auto a = make_backend(BuiltinNodeConfig{}, {dir_.path(), *store_, {}, {}, store_.get()});
  auto b = make_backend(BuiltinNodeConfig{}, {other.path(), *store_, {}, {}, store_.get()});
  EXPECT_EQ(run_blocking(a->async_node_info()).pubkey, run_blocking(b->async_node_info()).pubkey);
  auto created = create(*a, {1000, "shared", 600});
  EXPECT_TRUE(b->dev_payments()->settle(created.bolt11));
  EXPECT_FALSE(fs::exists(dir_ / "node.key"));
  EXPECT_FALSE(fs::exists(other / "node.key"));
}

}  // namespace
}  // namespace l402d::lightning
