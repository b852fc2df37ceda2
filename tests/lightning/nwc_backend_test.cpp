// The NWC backend against an in-process relay and wallet service whose ledger
// is a builtin development node (tests/nwc). The end-to-end tests run the
// same backend against a relay and a wallet service from npm.

#include "lightning/nwc_backend.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <thread>

#include "bolt11/codec.hpp"
#include "lightning/node_check.hpp"
#include "nwc/fake_relay.hpp"
#include "nwc/fake_wallet.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "util/crypto.hpp"
#include "util/run_blocking.hpp"

namespace l402d::lightning {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class NwcBackendTest : public ::testing::Test {
 protected:
  testing::TempDir dir{"l402d-nwc-backend"};
  std::unique_ptr<store::Store> store = store::open_sqlite_store({dir.path() / "l402d.db"});
  BuiltinNode ledger{random_array<32>(), *store};
  nwc::testing::FakeRelay relay;

  NwcConfig config_for(const nwc::testing::FakeWallet& wallet, mode_t mode = 0600) {
    auto path = dir.path() / "nwc.uri";
    std::ofstream(path, std::ios::trunc) << wallet.connection_uri() << "\n";
    ::chmod(path.c_str(), mode);
    NwcConfig c;
    c.uri_path = path;
    c.timeout = milliseconds(5000);
    return c;
  }
};

TEST_F(NwcBackendTest, SellsThroughTheWalletAndIsWokenByItsNotification) {
  nwc::testing::FakeWallet wallet(relay.url(), ledger);
  NwcBackend nwc(config_for(wallet));
  auto info = check_node(nwc, bolt11::Network::regtest);
  EXPECT_EQ(info.alias, "fake wallet");

  auto created = run_blocking(nwc.async_create_invoice({21'000, "L402 vision", 600}));
  auto decoded = bolt11::decode(created.bolt11);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->amount_msat, 21'000u);
  EXPECT_EQ(decoded->payment_hash, created.payment_hash);
  EXPECT_EQ(run_blocking(nwc.async_lookup_invoice(created.payment_hash))->state,
            InvoiceState::open);

  std::thread payer([&] {
    std::this_thread::sleep_for(milliseconds(200));
    wallet.receive_payment(created.bolt11);
  });
  const auto started = std::chrono::steady_clock::now();
  auto settled = run_blocking(nwc.async_wait_invoice(created.payment_hash, seconds(20)));
  payer.join();
  ASSERT_TRUE(settled);
  EXPECT_EQ(settled->state, InvoiceState::settled);
  ASSERT_TRUE(settled->preimage);
  EXPECT_EQ(sha256(ByteView(*settled->preimage)), created.payment_hash);
  // Woken by the notification, well before the five-second recheck.
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(3));
  EXPECT_FALSE(run_blocking(nwc.async_lookup_invoice(random_array<32>())));
}

TEST_F(NwcBackendTest, AWalletOnAnotherNetworkIsRefused) {
  nwc::testing::FakeWalletOptions o;
  o.network = "mainnet";
  nwc::testing::FakeWallet wallet(relay.url(), ledger, o);
  NwcBackend nwc(config_for(wallet));
  try {
    check_node(nwc, bolt11::Network::regtest);
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::wrong_network);
  }
}

TEST_F(NwcBackendTest, AConnectionThatCannotMakeInvoicesIsRefusedAtStart) {
  nwc::testing::FakeWalletOptions o;
  o.capabilities = "pay_invoice get_balance";
  nwc::testing::FakeWallet wallet(relay.url(), ledger, o);
  NwcBackend nwc(config_for(wallet));
  try {
    check_node(nwc, bolt11::Network::regtest);
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unauthorized);
    EXPECT_NE(std::string(e.what()).find("make_invoice"), std::string::npos);
  }
}

TEST_F(NwcBackendTest, TheUriFileMustBePrivateAndTheSecretIsNeverEchoed) {
  nwc::testing::FakeWallet wallet(relay.url(), ledger);
  try {
    NwcBackend nwc(config_for(wallet, 0644));
    FAIL();
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unauthorized);
    const auto uri = wallet.connection_uri();
    const auto secret = uri.substr(uri.find("secret=") + 7);
    EXPECT_EQ(std::string(e.what()).find(secret), std::string::npos);
  }
}

TEST_F(NwcBackendTest, WithoutNotificationsTheWaitFallsBackToLookups) {
  nwc::testing::FakeWalletOptions o;
  o.notifications = false;
  nwc::testing::FakeWallet wallet(relay.url(), ledger, o);
  NwcBackend nwc(config_for(wallet));
  auto created = run_blocking(nwc.async_create_invoice({1'000, "L402 vision", 600}));
  wallet.receive_payment(created.bolt11);
  auto settled = run_blocking(nwc.async_wait_invoice(created.payment_hash, seconds(20)));
  ASSERT_TRUE(settled);
  EXPECT_EQ(settled->state, InvoiceState::settled);
}

}  // namespace
}  // namespace l402d::lightning
