// The NWC client against an in-process relay and wallet service.

#include "nwc/nwc_client.hpp"

#include <gtest/gtest.h>

#include "nwc/fake_relay.hpp"
#include "nwc/fake_wallet.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "util/crypto.hpp"
#include "util/run_blocking.hpp"

namespace l402d::nwc {
namespace {

namespace nip47 = nostr::nip47;

using std::chrono::milliseconds;

class NwcClientTest : public ::testing::Test {
 protected:
  l402d::testing::TempDir dir{"l402d-nwc"};
  std::unique_ptr<store::Store> store = store::open_sqlite_store({dir.path() / "l402d.db"});
  lightning::BuiltinNode ledger{random_array<32>(), *store};
  testing::FakeRelay relay;

  static nostr::NwcUri uri_of(const testing::FakeWallet& w) {
    return *nostr::parse_nwc_uri(w.connection_uri());
  }
  static NwcClientOptions quick() {
    NwcClientOptions o;
    o.info_timeout = milliseconds(3000);
    return o;
  }
};

TEST_F(NwcClientTest, ReadsTheInfoEventAndPrefersNip44) {
  testing::FakeWallet wallet(relay.url(), ledger);
  NwcClient client(uri_of(wallet), quick());
  auto info = run_blocking(client.info());
  EXPECT_TRUE(info.supports("make_invoice"));
  EXPECT_EQ(info.choose_encryption(), nip47::Encryption::nip44_v2);
}

TEST_F(NwcClientTest, AnswersAreMatchedToTheirRequests) {
  testing::FakeWallet wallet(relay.url(), ledger);
  NwcClient client(uri_of(wallet), quick());
  nip47::Request request = nip47::GetInfoRequest{};
  auto response = run_blocking(client.call(request, milliseconds(5000)));
  const auto& got = std::get<nip47::GetInfoResult>(response.outcome);
  EXPECT_EQ(got.network, "regtest");
  nip47::LookupInvoiceRequest lookup;
  lookup.payment_hash = std::string(64, 'a');
  nip47::Request missing = lookup;
  auto refused = run_blocking(client.call(missing, milliseconds(5000)));
  EXPECT_EQ(std::get<nip47::WalletError>(refused.outcome).code, nip47::WalletErrorCode::not_found);
  EXPECT_EQ(wallet.requests_served(), 2u);
}

TEST_F(NwcClientTest, SpeaksNip04ToAWalletWithoutTheEncryptionTag) {
  testing::FakeWalletOptions old;
  old.encryption_tag = "";
  testing::FakeWallet wallet(relay.url(), ledger, old);
  NwcClient client(uri_of(wallet), quick());
  EXPECT_EQ(run_blocking(client.info()).choose_encryption(), nip47::Encryption::nip04);
  nip47::Request request = nip47::GetInfoRequest{};
  auto response = run_blocking(client.call(request, milliseconds(5000)));
  EXPECT_TRUE(std::holds_alternative<nip47::GetInfoResult>(response.outcome));
}

TEST_F(NwcClientTest, NoWalletMeansATimeoutNotAHang) {
  auto uri = *nostr::parse_nwc_uri(
      "nostr+walletconnect://" + nostr::SecretKey::generate().public_key().hex() +
      "?relay=" + relay.url() + "&secret=" + std::string(63, '1') + "2");
  NwcClientOptions o;
  o.info_timeout = milliseconds(300);
  NwcClient client(std::move(uri), o);
  try {
    run_blocking(client.info());
    FAIL();
  } catch (const NwcError& e) {
    EXPECT_EQ(e.kind(), NwcError::Kind::unreachable);
  }
}

TEST_F(NwcClientTest, SurvivesARelayRestart) {
  testing::FakeWallet wallet(relay.url(), ledger);
  NwcClient client(uri_of(wallet), quick());
  run_blocking(client.info());
  relay.drop_connections();
  // Both sides reconnect (backoff starts at one second) and resubscribe.
  nip47::Request request = nip47::GetInfoRequest{};
  try {
    auto response = run_blocking(client.call(request, milliseconds(8000)));
    EXPECT_TRUE(std::holds_alternative<nip47::GetInfoResult>(response.outcome));
  } catch (const std::exception& e) {
    ADD_FAILURE() << e.what() << " relay got " << relay.events_received() << " served "
                  << wallet.requests_served();
  }
}

}  // namespace
}  // namespace l402d::nwc
