#include "client/phoenixd_wallet.hpp"

#include <gtest/gtest.h>

#include "fake_wallet_api.hpp"
#include "test_invoice.hpp"
#include "util/base64.hpp"

namespace l402d::client {
namespace {

using testing::FakeWalletApi;
using testing::make_test_invoice;
using testing::TestInvoice;

const std::string kPassword = "7c3c0a2e9b1d4f6a8e5b3c1d0f9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f";

// phoenixd answers pretty-printed JSON (Json { prettyPrint = true }).
std::string payment_sent(const TestInvoice& inv, int fee_sat) {
  return "{\n    \"recipientAmountSat\": 21,\n    \"routingFeeSat\": " + std::to_string(fee_sat) +
         ",\n    \"paymentId\": \"961d413c-91ca-4f3d-9d91-760a08405901\",\n    \"paymentHash\": "
         "\"" +
         inv.hash_hex + "\",\n    \"paymentPreimage\": \"" + inv.preimage_hex + "\"\n}";
}

std::string payment_failed(const TestInvoice& inv, const std::string& reason) {
  return "{\n    \"paymentHash\": \"" + inv.hash_hex + "\",\n    \"reason\": \"" + reason + "\"\n}";
}

// ApiType.OutgoingPayment; explicitNulls = false leaves out preimage and
// completedAt while they are null.
std::string outgoing(const TestInvoice& inv, bool paid, bool completed, int fees_msat) {
  std::string out =
      "{\n    \"type\": \"outgoing_payment\",\n    \"subType\": \"lightning\",\n"
      "    \"paymentId\": \"961d413c-91ca-4f3d-9d91-760a08405901\",\n"
      "    \"paymentHash\": \"" +
      inv.hash_hex + "\",\n";
  if (paid) out += "    \"preimage\": \"" + inv.preimage_hex + "\",\n";
  out += "    \"isPaid\": " + std::string(paid ? "true" : "false") +
         ",\n    \"sent\": 25,\n    \"fees\": " + std::to_string(fees_msat) +
         ",\n    \"invoice\": \"" + inv.bolt11 + "\",\n";
  if (completed) out += "    \"completedAt\": 1750943212490,\n";
  out += "    \"createdAt\": 1750943185548\n}";
  return out;
}

std::string getinfo(const std::string& chain) {
  return "{\n    \"nodeId\": \"03aa\",\n    \"channels\": [],\n    \"chain\": \"" + chain +
         "\",\n    \"blockHeight\": 850000,\n    \"version\": \"0.8.0\"\n}";
}

class PhoenixdWalletTest : public ::testing::Test {
 protected:
  PhoenixdWalletTest() {
    endpoint.host = "http://127.0.0.1:9740";
    api.reply("GET", "/getinfo", 200, getinfo("regtest"));
  }
  PhoenixdWallet wallet() { return PhoenixdWallet(endpoint, kPassword, api.transport()); }
  std::string lookup_path() const { return "/payments/outgoingbyhash/" + inv.hash_hex; }

  WalletEndpoint endpoint;
  FakeWalletApi api;
  TestInvoice inv = make_test_invoice();
};

TEST_F(PhoenixdWalletTest, ItsFixedFeeIsCheckedAgainstTheMaxFeeBeforePaying) {
  auto w = wallet();
  // 4 sat + 0.4% of 21 sats (84 msat).
  auto fee = w.fee_limit_msat(inv.bolt11, inv.decoded, 10'000);
  ASSERT_TRUE(fee);
  EXPECT_EQ(*fee, 4084U);
  auto big = make_test_invoice(2'000'000);  // 4 + 8 sats
  auto over = w.fee_limit_msat(big.bolt11, big.decoded, 10'000);
  ASSERT_FALSE(over);
  EXPECT_NE(over.error().find("12 sats"), std::string::npos) << over.error();
  EXPECT_EQ(w.pay(big.bolt11, big.decoded, 10'000).status, PayResult::Status::failed);
  EXPECT_EQ(api.calls("POST", "/payinvoice"), 0);
  EXPECT_EQ((PhoenixdFees{0, 1}.for_amount(1)), 1U) << "rounded up, never below";
}

TEST_F(PhoenixdWalletTest, PaysWithTheFullAccessPassword) {
  api.reply("POST", "/payinvoice", 200, payment_sent(inv, 4));
  api.reply("GET", lookup_path(), 200, outgoing(inv, true, true, 4084));
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  ASSERT_EQ(r.status, PayResult::Status::succeeded) << r.message;
  EXPECT_EQ(r.preimage, inv.preimage);
  EXPECT_EQ(r.fee_msat, 4084U) << "the record's msat, not routingFeeSat rounded down";
  const auto& req = api.last("POST", "/payinvoice");
  EXPECT_EQ(req.url, "http://127.0.0.1:9740/payinvoice");
  EXPECT_EQ(req.body, "invoice=" + inv.bolt11);
  EXPECT_EQ(testing::header_of(req, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(testing::header_of(req, "Authorization"),
            "Basic " + base64_encode(as_bytes(":" + kPassword)));
}

TEST_F(PhoenixdWalletTest, TheRoundedFeeStandsWhenTheRecordCannotBeRead) {
  api.reply("POST", "/payinvoice", 200, payment_sent(inv, 4));
  api.on("GET", lookup_path(), testing::dropped_connection);
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  ASSERT_EQ(r.status, PayResult::Status::succeeded) << r.message;
  EXPECT_EQ(r.fee_msat, 4000U);
}

TEST_F(PhoenixdWalletTest, PaymentFailedIsHttp200AndFailed) {
  api.reply("POST", "/payinvoice", 200, payment_failed(inv, "no route to recipient"));
  api.reply("GET", lookup_path(), 200, outgoing(inv, false, true, 0));
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::failed);
  EXPECT_NE(r.message.find("no route to recipient"), std::string::npos) << r.message;
}

TEST_F(PhoenixdWalletTest, PaymentFailedForAnInvoicePaidBeforeIsPaid) {
  api.reply("POST", "/payinvoice", 200, payment_failed(inv, "invoice already paid"));
  api.reply("GET", lookup_path(), 200, outgoing(inv, true, true, 4084));
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  ASSERT_EQ(r.status, PayResult::Status::succeeded) << r.message;
  EXPECT_EQ(r.preimage, inv.preimage);
}

TEST_F(PhoenixdWalletTest, ARefusedPasswordFailsWithoutTheSecret) {
  api.reply("POST", "/payinvoice", 401,
            "Invalid authentication (use basic auth with the http password set in phoenix.conf)");
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::failed);
  EXPECT_NE(r.message.find("password"), std::string::npos) << r.message;
  EXPECT_EQ(r.message.find(kPassword), std::string::npos) << r.message;
}

TEST_F(PhoenixdWalletTest, ATransportErrorAfterSendingIsUnknown) {
  api.on("POST", "/payinvoice", testing::dropped_connection);
  auto w = wallet();
  EXPECT_EQ(w.pay(inv.bolt11, inv.decoded, 10'000).status, PayResult::Status::unknown);
  EXPECT_EQ(api.calls("GET", lookup_path()), 0);
}

TEST_F(PhoenixdWalletTest, NoConnectionOrAFailedTlsHandshakeMeansNothingWasSent) {
  for (auto fail : {testing::refused_connection, testing::pin_mismatch}) {
    api.on("POST", "/payinvoice", fail);
    auto w = wallet();
    auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
    EXPECT_EQ(r.status, PayResult::Status::failed) << r.message;
    EXPECT_NE(r.message.find("nothing was sent"), std::string::npos) << r.message;
  }
}

TEST_F(PhoenixdWalletTest, AnInvoiceForAnotherNetworkIsRefusedBeforePaying) {
  api.reply("GET", "/getinfo", 200, getinfo("mainnet"));
  auto w = wallet();
  EXPECT_EQ(w.network(), bolt11::Network::mainnet);
  EXPECT_EQ(w.pay(inv.bolt11, inv.decoded, 10'000).status, PayResult::Status::failed);
  EXPECT_EQ(api.calls("POST", "/payinvoice"), 0);
}

TEST_F(PhoenixdWalletTest, StatusAfterACrash) {
  auto w = wallet();
  api.reply("GET", lookup_path(), 200, outgoing(inv, true, true, 4084));
  auto paid = w.status(inv.bolt11, inv.decoded);
  ASSERT_EQ(paid.status, PayResult::Status::succeeded) << paid.message;
  EXPECT_EQ(paid.fee_msat, 4084U);
  api.reply("GET", lookup_path(), 200, outgoing(inv, false, true, 0));
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::failed);
  api.reply("GET", lookup_path(), 404, "Not found");
  auto never = w.status(inv.bolt11, inv.decoded);
  EXPECT_EQ(never.status, PayResult::Status::failed);
  EXPECT_NE(never.message.find("never sent"), std::string::npos);
  api.reply("GET", lookup_path(), 200, outgoing(inv, false, false, 0));
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::unknown);
  api.reply("GET", lookup_path(), 401, "Invalid authentication");
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::unknown);
  EXPECT_EQ(api.calls("POST", "/payinvoice"), 0) << "status never pays";
}

TEST_F(PhoenixdWalletTest, APasswordEchoedBackIsBlankedWhateverItIs) {
  endpoint.host = "http://127.0.0.1:9740";
  api.reply("POST", "/payinvoice", 400, "bad request for redacted1 redacted1");
  PhoenixdWallet w(endpoint, "redacted1", api.transport());
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::failed);
  EXPECT_EQ(r.message.find("redacted1"), std::string::npos) << r.message;
}

TEST(PhoenixConf, ReadsTheFullAccessPassword) {
  EXPECT_EQ(phoenix_conf_password("chain=mainnet\nhttp-password-limited-access=abc\n"
                                  "http-password=s3cret\nwebhook-secret=x\n"),
            "s3cret");
  EXPECT_EQ(phoenix_conf_password("http-password-limited-access=abc\n"), std::nullopt);
  EXPECT_EQ(phoenix_conf_password("\nhttp-password=crlf\r\n"), "crlf");
}

}  // namespace
}  // namespace l402d::client
