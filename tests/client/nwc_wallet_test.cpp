// Paying through Nostr Wallet Connect: the wallet against an in-process relay
// and wallet service (tests/nwc) whose ledger is a builtin development node.

#include "client/nwc_wallet.hpp"

#include <gtest/gtest.h>

#include "bolt11/codec.hpp"
#include "nwc/fake_relay.hpp"
#include "nwc/fake_wallet.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"
#include "util/crypto.hpp"

namespace l402d::client {
namespace {

using std::chrono::seconds;

class NwcWalletTest : public ::testing::Test {
 protected:
  testing::TempDir dir{"l402d-nwc-wallet"};
  std::unique_ptr<store::Store> store = store::open_sqlite_store({dir.path() / "l402d.db"});
  lightning::BuiltinNode ledger{random_array<32>(), *store};
  nwc::testing::FakeRelay relay;
  nwc::testing::FakeWallet service{relay.url(), ledger};

  NwcWallet wallet() {
    nwc::NwcClientOptions o;
    o.info_timeout = seconds(5);
    return NwcWallet(*nostr::parse_nwc_uri(service.connection_uri()), o, seconds(5), seconds(5));
  }
  std::pair<std::string, bolt11::Invoice> invoice(lightning::BuiltinNode& node) {
    auto created = node.create_invoice({10'000, "L402 vision", 600});
    return {created.bolt11, *bolt11::decode(created.bolt11)};
  }
};

TEST_F(NwcWalletTest, PaysAndTheStatusAfterACrashSaysPaid) {
  auto w = wallet();
  auto [bolt11, decoded] = invoice(ledger);
  auto paid = w.pay(bolt11, decoded, 10'000);
  ASSERT_EQ(paid.status, PayResult::Status::succeeded) << paid.message;
  EXPECT_EQ(sha256(ByteView(paid.preimage)), decoded.payment_hash);
  EXPECT_EQ(paid.fee_msat, 0u);
  auto again = w.status(bolt11, decoded);
  EXPECT_EQ(again.status, PayResult::Status::succeeded) << again.message;
  EXPECT_EQ(again.preimage, paid.preimage);
}

TEST_F(NwcWalletTest, ARefusedPaymentFailsAndANeverSentOneIsForgotten) {
  auto w = wallet();
  // The wallet's ledger cannot pay another node's invoice: PAYMENT_FAILED.
  lightning::BuiltinNode other{random_array<32>(), *store};
  auto [bolt11, decoded] = invoice(other);
  auto refused = w.pay(bolt11, decoded, 10'000);
  EXPECT_EQ(refused.status, PayResult::Status::failed);
  EXPECT_NE(refused.message.find("PAYMENT_FAILED"), std::string::npos) << refused.message;
  EXPECT_EQ(w.status(bolt11, decoded).status, PayResult::Status::failed);
}

TEST_F(NwcWalletTest, AWalletThatNeverAnnouncedItselfGetsNothing) {
  // A wallet service nobody runs: no info event, so no request was sent.
  auto uri = *nostr::parse_nwc_uri(
      "nostr+walletconnect://" + nostr::SecretKey::generate().public_key().hex() +
      "?relay=" + relay.url() + "&secret=" + std::string(63, '1') + "2");
  nwc::NwcClientOptions o;
  o.info_timeout = std::chrono::milliseconds(300);
  NwcWallet w(std::move(uri), o, seconds(1), seconds(1));
  auto [bolt11, decoded] = invoice(ledger);
  EXPECT_EQ(w.pay(bolt11, decoded, 10'000).status, PayResult::Status::failed);
}

}  // namespace
}  // namespace l402d::client
