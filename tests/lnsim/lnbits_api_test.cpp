// LNbits as lnsim serves it: keys, the Payment object, paying, the status
// lookup and the wallet's WebSocket.

#include <boost/json/serialize.hpp>

#include "bolt11/codec.hpp"
#include "lnsim/lnsim_fixture.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim::testing {
namespace {

namespace json = boost::json;

class LnbitsApiTest : public LnsimTest {
 protected:
  json::object create(std::uint64_t sat, const std::string& memo = "snack") {
    auto r =
        lnbits("POST", "/api/v1/payments",
               R"({"out":false,"amount":)" + std::to_string(sat) + R"(,"memo":")" + memo + R"("})",
               lnbits_key("invoice_key"));
    EXPECT_EQ(r.status, 201) << r.body;
    return parse_object(r.body);
  }
  net::HttpResponse pay(const std::string& bolt11, const std::string& key) {
    return lnbits("POST", "/api/v1/payments", R"({"out":true,"bolt11":")" + bolt11 + R"("})", key);
  }
};

TEST_F(LnbitsApiTest, CreateAnswersTheFullPaymentObject) {
  auto p = create(42);
  EXPECT_EQ(p.at("bolt11"), p.at("payment_request"));
  EXPECT_EQ(p.at("checking_id"), p.at("payment_hash"));
  EXPECT_EQ(p.at("amount").as_int64(), 42'000);  // msat
  EXPECT_EQ(p.at("status").as_string(), "pending");
  EXPECT_EQ(p.at("memo").as_string(), "snack");
  EXPECT_TRUE(p.at("webhook").is_null());
  auto decoded = bolt11::decode(p.at("bolt11").as_string());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->payee, sim_->node(NodeKind::lnbits).id());
  EXPECT_EQ(decoded->expiry_seconds, 3600u);
  EXPECT_EQ(to_hex(decoded->payment_hash), p.at("payment_hash").as_string());
}

TEST_F(LnbitsApiTest, KeysAreCheckedAsLnbitsDoes) {
  const std::string invoice = make_invoice("lnd", 1);
  auto r = pay(invoice, lnbits_key("invoice_key"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(parse_object(r.body).at("detail").as_string(), "Invoice (or Admin) key required.");
  r = lnbits("POST", "/api/v1/payments", R"({"out":false,"amount":1})");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(parse_object(r.body).at("detail").as_string(), "No Api Key provided.");
  r = lnbits("GET", "/api/v1/wallet", {}, std::string(32, 'f'));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(parse_object(r.body).at("detail").as_string(), "Wallet not found.");
  r = lnbits("GET", "/api/v1/wallet", {}, lnbits_key("invoice_key"));
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(parse_object(r.body).contains("id"));  // only the admin key sees it
}

TEST_F(LnbitsApiTest, StatusIsPendingThenPaidWithThePreimage) {
  auto p = create(10);
  const std::string hash(p.at("payment_hash").as_string());
  auto r = lnbits("GET", "/api/v1/payments/" + hash, {}, lnbits_key("invoice_key"));
  auto status = parse_object(r.body);
  EXPECT_FALSE(status.at("paid").as_bool());
  EXPECT_EQ(status.at("status").as_string(), "pending");
  EXPECT_TRUE(status.contains("details"));

  auto paid = parse_object(phoenixd("POST", "/payinvoice",
                                    "invoice=" + std::string(p.at("bolt11").as_string()),
                                    phoenixd_password("http-password"))
                               .body);
  ASSERT_TRUE(paid.contains("paymentPreimage")) << json::serialize(paid);

  r = lnbits("GET", "/api/v1/payments/" + hash);  // no key: no details
  status = parse_object(r.body);
  EXPECT_TRUE(status.at("paid").as_bool());
  EXPECT_EQ(status.at("preimage"), paid.at("paymentPreimage"));
  EXPECT_FALSE(status.contains("details"));
  r = lnbits("GET", "/api/v1/payments/" + std::string(64, '0'));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(parse_object(r.body).at("detail").as_string(), "Payment does not exist.");
}

TEST_F(LnbitsApiTest, AdminKeyPaysAndTheBalanceFalls) {
  const std::string invoice = make_invoice("cln", 250);
  const auto before =
      parse_object(lnbits("GET", "/api/v1/wallet", {}, lnbits_key("admin_key")).body)
          .at("balance")
          .as_int64();
  auto r = pay(invoice, lnbits_key("admin_key"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto p = parse_object(r.body);
  EXPECT_EQ(p.at("status").as_string(), "success");
  EXPECT_EQ(p.at("amount").as_int64(), -250'000);
  EXPECT_EQ(p.at("fee").as_int64(), -1250);
  const auto preimage = from_hex_array<32>(p.at("preimage").as_string());
  ASSERT_TRUE(preimage.has_value());
  EXPECT_EQ(sha256(*preimage), bolt11::decode(invoice)->payment_hash);
  const auto after = parse_object(lnbits("GET", "/api/v1/wallet", {}, lnbits_key("admin_key")).body)
                         .at("balance")
                         .as_int64();
  EXPECT_EQ(before - after, 251'250);

  r = pay(invoice, lnbits_key("admin_key"));
  EXPECT_EQ(r.status, 520);
  EXPECT_EQ(parse_object(r.body).at("detail").as_string(), "Payment already paid.");
}

TEST_F(LnbitsApiTest, PaymentFailuresAre520) {
  json::object p;
  p["amount_msat"] = "any";
  p["label"] = "tip";
  p["description"] = "tip";
  const std::string amountless(parse_object(cln("invoice", p).body).at("bolt11").as_string());
  auto r = pay(amountless, lnbits_key("admin_key"));
  EXPECT_EQ(r.status, 520);
  EXPECT_EQ(parse_object(r.body).at("detail").as_string(), "Amountless invoices not supported.");
  EXPECT_EQ(parse_object(r.body).at("status").as_string(), "failed");
  r = pay("lnbcrt1garbage", lnbits_key("admin_key"));
  EXPECT_EQ(parse_object(r.body).at("detail").as_string(), "Bolt11 decoding failed.");
  ASSERT_EQ(control("POST", "/control/balance", R"({"api":"lnbits","balance_msat":100})").status,
            200);
  r = pay(make_invoice("lnd", 1), lnbits_key("admin_key"));
  EXPECT_EQ(parse_object(r.body).at("detail").as_string(), "Insufficient balance.");
}

TEST_F(LnbitsApiTest, WebSocketPushesTheWalletBalanceAndPayment) {
  auto p = create(77);
  WsClient ws(static_cast<std::uint16_t>(info_.at("lnbits").at("port").as_int64()),
              "/api/v1/ws/" + lnbits_key("invoice_key"));
  WsClient by_hash(static_cast<std::uint16_t>(info_.at("lnbits").at("port").as_int64()),
                   "/api/v1/ws/" + std::string(p.at("payment_hash").as_string()));
  ASSERT_EQ(control("POST", "/control/pay",
                    R"({"bolt11":")" + std::string(p.at("bolt11").as_string()) + R"("})")
                .status,
            200);
  auto message = ws.read(std::chrono::seconds(5));
  ASSERT_TRUE(message.has_value());
  auto m = parse_object(*message);
  EXPECT_EQ(m.at("payment").at("payment_hash"), p.at("payment_hash"));
  EXPECT_EQ(m.at("payment").at("status").as_string(), "success");
  EXPECT_EQ(m.at("wallet_balance").as_int64(),
            static_cast<std::int64_t>(sim_->ledger().balance(NodeKind::lnbits) / 1000));
  auto short_message = by_hash.read(std::chrono::seconds(5));
  ASSERT_TRUE(short_message.has_value());
  EXPECT_EQ(parse_object(*short_message).at("status").as_string(), "success");
}

}  // namespace
}  // namespace l402d::lnsim::testing
