// Core Lightning's clnrest as lnsim serves it: HTTPS with the clnrest CA,
// runes, invoices, long polls and xpay/pay with lightningd's error codes.

#include <boost/json/serialize.hpp>
#include <boost/json/value_ref.hpp>
#include <ctime>
#include <future>

#include "bolt11/codec.hpp"
#include "lnsim/lnsim_fixture.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim::testing {
namespace {

namespace json = boost::json;

json::object params(std::initializer_list<std::pair<json::string_view, json::value_ref>> list) {
  return json::object(list);
}

class ClnApiTest : public LnsimTest {
 protected:
  json::object call(const std::string& method, const json::object& p, long expected = 201,
                    std::optional<std::string> rune = std::nullopt) {
    auto r = cln(method, p, rune);
    EXPECT_EQ(r.status, expected) << method << ": " << r.body;
    return parse_object(r.body);
  }
};

TEST_F(ClnApiTest, GetinfoWithTheInvoiceRuneOverTheClnrestCa) {
  auto info = call("getinfo", {}, 201, invoice_rune());
  EXPECT_EQ(info.at("id").as_string(), sim_->node(NodeKind::cln).id_hex());
  EXPECT_EQ(info.at("network").as_string(), "regtest");
  EXPECT_TRUE(info.at("blockheight").is_number());
}

TEST_F(ClnApiTest, RuneProblemsAreClnrestAnswers) {
  auto e = call("xpay", params({{"invstring", "lnbcrt1"}}), 401, invoice_rune());
  EXPECT_EQ(e.at("code").as_int64(), 1502);
  EXPECT_EQ(e.at("message").as_string(),
            "Not permitted: method is not equal to invoice AND method is not equal to "
            "listinvoices AND method is not equal to waitinvoice AND method is not equal to "
            "waitanyinvoice AND method is not equal to getinfo");
  EXPECT_TRUE(e.at("data").is_null());

  net::HttpRequest r;
  r.method = "POST";
  r.url = url("cln", "/v1/getinfo");
  r.ca_file = file("cln", "ca_cert");
  auto missing = http_.perform(r);
  EXPECT_EQ(missing.status, 403);
  EXPECT_EQ(parse_object(missing.body).at("message").as_string(), "Not authorized: Missing rune");

  std::string forged = admin_rune();
  forged[5] = forged[5] == 'A' ? 'B' : 'A';
  e = call("getinfo", {}, 401, forged);
  EXPECT_EQ(e.at("code").as_int64(), 1501);

  r.method = "GET";
  r.headers.emplace_back("Rune", admin_rune());
  auto get = http_.perform(r);
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(parse_object(get.body).at("message").as_string(),
            "Path invalid, http_method must be POST for CLN methods");
  EXPECT_EQ(call("nosuchmethod", {}, 404).at("code").as_int64(), -32601);
}

TEST_F(ClnApiTest, InvoiceLabelsAreUniqueAndListable) {
  auto made = call("invoice", params({{"amount_msat", 12345},
                                      {"label", "order-1"},
                                      {"description", "one coffee"},
                                      {"expiry", 300}}));
  auto decoded = bolt11::decode(made.at("bolt11").as_string());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->payee, sim_->node(NodeKind::cln).id());
  EXPECT_EQ(decoded->amount_msat, 12345u);
  EXPECT_EQ(to_hex(decoded->payment_hash), made.at("payment_hash").as_string());
  EXPECT_EQ(to_hex(decoded->payment_secret), made.at("payment_secret").as_string());
  EXPECT_EQ(made.at("created_index").as_int64(), 1);

  auto dup = call("invoice",
                  params({{"amount_msat", 1}, {"label", "order-1"}, {"description", "x"}}), 500);
  EXPECT_EQ(dup.at("code").as_int64(), 900);
  EXPECT_EQ(dup.at("message").as_string(), "Duplicate label 'order-1'");

  auto any =
      call("invoice", params({{"amount_msat", "any"}, {"label", 7}, {"description", "tip"}}));
  EXPECT_FALSE(bolt11::decode(any.at("bolt11").as_string())->amount_msat.has_value());
  EXPECT_EQ(bolt11::decode(any.at("bolt11").as_string())->expiry_seconds, 604800u);

  for (const auto& query :
       {params({{"label", "order-1"}}), params({{"payment_hash", made.at("payment_hash")}}),
        params({{"invstring", made.at("bolt11")}})}) {
    auto list = call("listinvoices", query);
    ASSERT_EQ(list.at("invoices").as_array().size(), 1u) << json::serialize(query);
    const auto& inv = list.at("invoices").as_array()[0].as_object();
    EXPECT_EQ(inv.at("status").as_string(), "unpaid");
    EXPECT_EQ(inv.at("amount_msat").as_int64(), 12345);
    EXPECT_FALSE(inv.contains("payment_preimage"));
  }
  EXPECT_EQ(call("listinvoices", {}).at("invoices").as_array().size(), 2u);

  auto bad =
      call("invoice", params({{"amount_msat", 0}, {"label", "z"}, {"description", "z"}}), 500);
  EXPECT_EQ(bad.at("code").as_int64(), -32602);
  auto missing = call("invoice", params({{"amount_msat", 1}, {"description", "z"}}), 500);
  EXPECT_EQ(missing.at("message").as_string(), "missing required parameter: label");
}

TEST_F(ClnApiTest, WaitinvoiceReturnsWhenAnotherApiPays) {
  auto made =
      call("invoice", params({{"amount_msat", 3000}, {"label", "wait-me"}, {"description", "d"}}));
  auto waiting = std::async(std::launch::async, [&] {
    return cln("waitinvoice", params({{"label", "wait-me"}}), invoice_rune());
  });
  EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
  auto r =
      lnbits("POST", "/api/v1/payments",
             R"({"out":true,"bolt11":")" + std::string(made.at("bolt11").as_string()) + R"("})",
             lnbits_key("admin_key"));
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(waiting.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  auto done = waiting.get();
  ASSERT_EQ(done.status, 201) << done.body;
  auto inv = parse_object(done.body);
  EXPECT_EQ(inv.at("status").as_string(), "paid");
  EXPECT_EQ(inv.at("pay_index").as_int64(), 1);
  EXPECT_EQ(inv.at("amount_received_msat").as_int64(), 3000);
  EXPECT_EQ(inv.at("payment_preimage").as_string(),
            parse_object(r.body).at("preimage").as_string());
}

TEST_F(ClnApiTest, WaitinvoiceOnAnExpiredInvoiceIs903) {
  auto made =
      call("invoice", params({{"amount_msat", 1}, {"label", "late"}, {"description", "d"}}));
  ASSERT_EQ(
      control("POST", "/control/expire",
              R"({"payment_hash":")" + std::string(made.at("payment_hash").as_string()) + R"("})")
          .status,
      200);
  auto e = call("waitinvoice", params({{"label", "late"}}), 500);
  EXPECT_EQ(e.at("code").as_int64(), 903);
  EXPECT_EQ(e.at("data").at("status").as_string(), "expired");
  EXPECT_EQ(call("waitinvoice", params({{"label", "nobody"}}), 500).at("message").as_string(),
            "Label not found");
}

TEST_F(ClnApiTest, WaitanyinvoiceTimesOutThenReturnsTheNextPaid) {
  auto e = call("waitanyinvoice", params({{"timeout", 0}}), 500);
  EXPECT_EQ(e.at("code").as_int64(), 904);
  const std::string b1 = make_invoice("cln", 1);
  const std::string b2 = make_invoice("cln", 2);
  for (const auto& b : {b1, b2}) {
    ASSERT_EQ(control("POST", "/control/pay", R"({"bolt11":")" + b + R"("})").status, 200);
  }
  auto first = call("waitanyinvoice", params({{"lastpay_index", 0}}));
  EXPECT_EQ(first.at("bolt11").as_string(), b1);
  auto second = call("waitanyinvoice", params({{"lastpay_index", first.at("pay_index")}}));
  EXPECT_EQ(second.at("bolt11").as_string(), b2);
}

TEST_F(ClnApiTest, XpayAndPayAnswerInTheirShapes) {
  const std::string invoice = make_invoice("lnd", 100);
  auto paid = call("xpay", params({{"invstring", invoice}}));
  const auto preimage = from_hex_array<32>(paid.at("payment_preimage").as_string());
  ASSERT_TRUE(preimage.has_value());
  EXPECT_EQ(sha256(*preimage), bolt11::decode(invoice)->payment_hash);
  EXPECT_EQ(paid.at("amount_msat").as_int64(), 100'000);
  EXPECT_EQ(paid.at("amount_sent_msat").as_int64(), 100'000 + 1100);
  EXPECT_EQ(paid.at("successful_parts").as_int64(), 1);

  auto again = call("xpay", params({{"invstring", invoice}}), 500);
  EXPECT_EQ(again.at("code").as_int64(), 219);
  // pay (through xpay) reports an earlier success as success.
  auto pay = call("pay", params({{"bolt11", invoice}}));
  EXPECT_EQ(pay.at("status").as_string(), "complete");
  EXPECT_EQ(pay.at("payment_preimage").as_string(), paid.at("payment_preimage").as_string());

  auto sends = call("listsendpays", params({{"payment_hash", pay.at("payment_hash")}}));
  ASSERT_EQ(sends.at("payments").as_array().size(), 1u);
  EXPECT_EQ(sends.at("payments").as_array()[0].at("status").as_string(), "complete");
  auto pays = call("listpays", params({{"bolt11", invoice}}));
  ASSERT_EQ(pays.at("pays").as_array().size(), 1u);
  EXPECT_EQ(pays.at("pays").as_array()[0].at("preimage").as_string(),
            paid.at("payment_preimage").as_string());
}

TEST_F(ClnApiTest, XpayFailuresCarryLightningdCodes) {
  auto cheap =
      call("xpay", params({{"invstring", make_invoice("phoenixd", 1000)}, {"maxfee", 10}}), 500);
  EXPECT_EQ(cheap.at("code").as_int64(), 206);

  // Signed long ago by nobody: xpay refuses it as expired before routing.
  bolt11::Invoice old;
  old.network = bolt11::Network::regtest;
  old.amount_msat = 1000;
  old.timestamp = static_cast<std::uint64_t>(std::time(nullptr)) - 7200;
  old.payment_hash = random_array<32>();
  old.payment_secret = random_array<32>();
  old.description = "old";
  auto expired =
      call("xpay", params({{"invstring", bolt11::encode(old, random_array<32>())}}), 500);
  EXPECT_EQ(expired.at("code").as_int64(), 207);
  EXPECT_TRUE(expired.at("message").as_string().starts_with("Invoice expired "));

  auto amountless =
      call("invoice", params({{"amount_msat", "any"}, {"label", "a"}, {"description", "a"}}));
  auto need = call("xpay", params({{"invstring", amountless.at("bolt11")}}), 500);
  EXPECT_EQ(need.at("message").as_string(), "amount_msat required");

  ASSERT_EQ(control("POST", "/control/balance", R"({"api":"cln","balance_msat":1000})").status,
            200);
  auto poor = call("xpay", params({{"invstring", make_invoice("lnbits", 5)}}), 500);
  EXPECT_EQ(poor.at("code").as_int64(), 215);
}

}  // namespace
}  // namespace l402d::lnsim::testing
