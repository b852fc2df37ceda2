#include "client/lnbits_wallet.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fake_wallet_api.hpp"
#include "test_invoice.hpp"

namespace l402d::client {
namespace {

namespace json = boost::json;
using testing::FakeWalletApi;
using testing::make_test_invoice;
using testing::TestInvoice;

const std::string kAdminKey = "4e4dd7bd6a1c4e9a8e3f2b1c0d9e8f7a";
const std::string kPay = "/lnbits/api/v1/payments";  // LNbits served under /lnbits

// LNbits' Payment model (lnbits/core/models/payments.py, v1.x): amounts and
// fees in msat, negative for outgoing payments.
json::object payment(const TestInvoice& inv, const std::string& status, std::int64_t fee_msat) {
  return json::object{{"checking_id", inv.hash_hex},
                      {"payment_hash", inv.hash_hex},
                      {"wallet_id", "c0ffee"},
                      {"amount", -21000},
                      {"fee", -fee_msat},
                      {"bolt11", inv.bolt11},
                      {"payment_request", inv.bolt11},
                      {"status", status},
                      {"memo", "L402 test"},
                      {"expiry", nullptr},
                      {"webhook", nullptr},
                      {"webhook_status", nullptr},
                      {"preimage", status == "success" ? json::value(inv.preimage_hex) : nullptr},
                      {"tag", nullptr},
                      {"extension", nullptr},
                      {"time", "2025-01-01T00:00:00"},
                      {"created_at", "2025-01-01T00:00:00"},
                      {"updated_at", "2025-01-01T00:00:00"},
                      {"extra", json::object{}}};
}

std::string check_paid(const TestInvoice& inv, std::int64_t fee_msat) {
  return json::serialize(json::object{{"paid", true},
                                      {"preimage", inv.preimage_hex},
                                      {"details", payment(inv, "success", fee_msat)}});
}

std::string check_state(const TestInvoice& inv, const std::string& state) {
  return json::serialize(json::object{{"paid", false},
                                      {"status", state},
                                      {"preimage", nullptr},
                                      {"details", payment(inv, state, 2000)}});
}

class LnbitsWalletTest : public ::testing::Test {
 protected:
  LnbitsWalletTest() {
    endpoint.host = "https://lnbits.test/lnbits";
    endpoint.pay_timeout = std::chrono::seconds(5);
    api.reply("GET", kPay + "/fee-reserve", 200, R"({"fee_reserve": 2000})");
  }
  LnbitsWallet wallet() {
    return LnbitsWallet(endpoint, kAdminKey, api.transport(), std::chrono::seconds(1),
                        [this](std::chrono::milliseconds d) { slept += d; });
  }
  std::string check_path() const { return kPay + "/" + inv.hash_hex; }

  WalletEndpoint endpoint;
  FakeWalletApi api;
  TestInvoice inv = make_test_invoice();
  std::chrono::milliseconds slept{0};
};

TEST_F(LnbitsWalletTest, TheMaxFeeIsCheckedAgainstLnbitsFeeReserveBeforePaying) {
  api.reply("GET", kPay + "/fee-reserve", 200, R"({"fee_reserve": 2000})");
  auto w = wallet();
  auto ok = w.fee_limit_msat(inv.bolt11, inv.decoded, 10'000);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 2000U) << "what LNbits may take at most";
  EXPECT_NE(api.last("GET", kPay + "/fee-reserve").url.find("invoice=" + inv.bolt11),
            std::string::npos);

  api.reply("GET", kPay + "/fee-reserve", 200, R"({"fee_reserve": 15000})");
  auto over = w.fee_limit_msat(inv.bolt11, inv.decoded, 10'000);
  ASSERT_FALSE(over);
  EXPECT_NE(over.error().find("15 sats"), std::string::npos) << over.error();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::failed) << "pay() keeps to the max fee too";
  EXPECT_EQ(api.calls("POST", kPay), 0);
}

TEST_F(LnbitsWalletTest, OlderInstancesAreAssumedToUseTheDefaultReserve) {
  api.reply("GET", kPay + "/fee-reserve", 404, R"({"detail":"Not Found"})");
  auto big = make_test_invoice(1'500'000);  // 1% = 15 sats
  auto w = wallet();
  EXPECT_FALSE(w.fee_limit_msat(big.bolt11, big.decoded, 10'000));
  EXPECT_EQ(*w.fee_limit_msat(inv.bolt11, inv.decoded, 10'000), 2000U) << "the 2 sat minimum";
  EXPECT_EQ(LnbitsWallet::default_fee_reserve_msat(1'000'000), 10'000U);
}

TEST_F(LnbitsWalletTest, PaysWithTheAdminKey) {
  api.reply("POST", kPay, 201, json::serialize(payment(inv, "success", 1000)));
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  ASSERT_EQ(r.status, PayResult::Status::succeeded) << r.message;
  EXPECT_EQ(r.preimage, inv.preimage);
  EXPECT_EQ(r.fee_msat, 1000U);
  const auto& req = api.last("POST", kPay);
  EXPECT_EQ(req.url, "https://lnbits.test/lnbits/api/v1/payments");
  EXPECT_EQ(testing::header_of(req, "X-Api-Key"), kAdminKey);
  auto body = json::parse(req.body).as_object();
  EXPECT_EQ(body.at("out").as_bool(), true);
  EXPECT_EQ(body.at("bolt11").as_string(), inv.bolt11);
}

TEST_F(LnbitsWalletTest, APendingPaymentIsPolledUntilItSettles) {
  api.reply("POST", kPay, 201, json::serialize(payment(inv, "pending", 2000)));
  api.replies("GET", check_path(),
              {testing::http_response(200, check_state(inv, "pending")),
               testing::http_response(200, check_paid(inv, 800))});
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  ASSERT_EQ(r.status, PayResult::Status::succeeded) << r.message;
  EXPECT_EQ(r.fee_msat, 800U);
  EXPECT_EQ(api.calls("GET", check_path()), 2);
  EXPECT_EQ(slept, std::chrono::seconds(2));
}

TEST_F(LnbitsWalletTest, APaymentStillPendingAfterPayTimeoutIsUnknown) {
  api.reply("POST", kPay, 201, json::serialize(payment(inv, "pending", 2000)));
  api.reply("GET", check_path(), 200, check_state(inv, "pending"));
  auto w = wallet();
  auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(r.status, PayResult::Status::unknown);
  EXPECT_EQ(api.calls("GET", check_path()), 5) << "pay_timeout 5 s, polled every second";
}

TEST_F(LnbitsWalletTest, PaymentErrors) {
  api.reply("POST", kPay, 520, R"({"detail":"Payment failed: no route found","status":"failed"})");
  auto w = wallet();
  auto failed = w.pay(inv.bolt11, inv.decoded, 10'000);
  EXPECT_EQ(failed.status, PayResult::Status::failed);
  EXPECT_NE(failed.message.find("no route found"), std::string::npos) << failed.message;

  api.reply("POST", kPay, 520, R"({"detail":"Payment already paid.","status":"success"})");
  api.reply("GET", check_path(), 200, check_paid(inv, 0));
  EXPECT_EQ(w.pay(inv.bolt11, inv.decoded, 10'000).status, PayResult::Status::succeeded);

  api.reply(
      "POST", kPay, 520,
      R"({"detail":"You must reserve at least (2  sat) to cover potential routing fees.","status":"failed"})");
  EXPECT_EQ(w.pay(inv.bolt11, inv.decoded, 10'000).status, PayResult::Status::failed);
}

TEST_F(LnbitsWalletTest, ARefusedKeyFailsWithoutTheSecret) {
  for (auto [status, body] : {std::pair{403L, R"({"detail":"Invalid adminkey."})"},
                              std::pair{401L, R"({"detail":"No Api Key provided."})"},
                              std::pair{404L, R"({"detail":"Wallet not found."})"}}) {
    SCOPED_TRACE(status);
    api.reply("POST", kPay, status, body);
    auto w = wallet();
    auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
    EXPECT_EQ(r.status, PayResult::Status::failed);
    EXPECT_NE(r.message.find("admin key"), std::string::npos) << r.message;
    EXPECT_EQ(r.message.find(kAdminKey), std::string::npos) << r.message;
  }
  EXPECT_EQ(api.calls("GET", check_path()), 0);
}

TEST_F(LnbitsWalletTest, ATransportErrorAfterSendingIsUnknown) {
  api.on("POST", kPay, testing::dropped_connection);
  auto w = wallet();
  EXPECT_EQ(w.pay(inv.bolt11, inv.decoded, 10'000).status, PayResult::Status::unknown);
  EXPECT_EQ(api.calls("GET", check_path()), 0);
}

TEST_F(LnbitsWalletTest, NoConnectionOrAFailedTlsHandshakeMeansNothingWasSent) {
  for (auto fail : {testing::refused_connection, testing::pin_mismatch}) {
    api.on("POST", kPay, fail);
    auto w = wallet();
    auto r = w.pay(inv.bolt11, inv.decoded, 10'000);
    EXPECT_EQ(r.status, PayResult::Status::failed) << r.message;
    EXPECT_NE(r.message.find("nothing was sent"), std::string::npos) << r.message;
  }
}

TEST_F(LnbitsWalletTest, StatusAfterACrash) {
  auto w = wallet();
  api.reply("GET", check_path(), 200, check_paid(inv, 1000));
  auto paid = w.status(inv.bolt11, inv.decoded);
  ASSERT_EQ(paid.status, PayResult::Status::succeeded) << paid.message;
  EXPECT_EQ(paid.fee_msat, 1000U);
  EXPECT_EQ(testing::header_of(api.last("GET", check_path()), "X-Api-Key"), kAdminKey);

  api.reply("GET", check_path(), 200, check_state(inv, "failed"));
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::failed);

  api.reply("GET", check_path(), 404, R"({"detail":"Payment does not exist."})");
  auto never = w.status(inv.bolt11, inv.decoded);
  EXPECT_EQ(never.status, PayResult::Status::failed);
  EXPECT_NE(never.message.find("never sent"), std::string::npos);

  api.reply("GET", check_path(), 200, check_state(inv, "pending"));
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::unknown);
  api.on("GET", check_path(), testing::dropped_connection);
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::unknown);
  // Paid, but the proof does not hash to the invoice.
  api.reply("GET", check_path(), 200,
            json::serialize(json::object{{"paid", true}, {"preimage", std::string(64, '0')}}));
  EXPECT_EQ(w.status(inv.bolt11, inv.decoded).status, PayResult::Status::unknown);
  EXPECT_EQ(api.calls("POST", kPay), 0) << "status never pays";
}

}  // namespace
}  // namespace l402d::client
