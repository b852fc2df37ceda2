#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "client/decode_command.hpp"

namespace l402d::client {
namespace {

namespace json = boost::json;

json::value load(const std::string& name) {
  std::ifstream in(std::string(L402D_TEST_DATA) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

std::string field(const json::value& v, std::string_view k) {
  return std::string(v.as_object().at(k).as_string());
}

json::object decode_json(const std::string& input, std::int64_t now = 0) {
  auto text = decode_command(input, {true, now});
  EXPECT_TRUE(text) << (text ? "" : text.error());
  return text ? json::parse(*text).as_object() : json::object{};
}

TEST(Decode, MacaroonFromTheTestVector) {
  auto v = load("l402-test-vector.json");
  for (const auto& input : {field(v, "macaroon_b64"), field(v, "macaroon_hex")}) {
    auto doc = decode_json(input);
    EXPECT_EQ(doc.at("kind").as_string(), "macaroon");
    const auto& m = doc.at("macaroon").as_object();
    EXPECT_EQ(m.at("location").as_string(), "lsat");
    const auto& id = m.at("identifier").as_object();
    EXPECT_EQ(id.at("version").as_int64(), 0);
    EXPECT_EQ(id.at("payment_hash").as_string(), field(v, "payment_hash"));
    EXPECT_EQ(id.at("token_id").as_string(), field(v, "token_id"));
    json::array caveats{"services=myservice:0",
                        "myservice_capabilities=", "myservice_valid_until=4102444800"};
    EXPECT_EQ(m.at("caveats").as_array(), caveats);
  }
  auto text = decode_command(field(v, "macaroon_b64"), {false, 0});
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("payment hash: " + field(v, "payment_hash")), std::string::npos) << *text;
  EXPECT_NE(text->find("token id: " + field(v, "token_id")), std::string::npos) << *text;
  EXPECT_NE(text->find("  - services=myservice:0\n"), std::string::npos) << *text;
}

TEST(Decode, CredentialChecksThePreimageWithoutPrintingIt) {
  auto v = load("l402-test-vector.json");
  auto preimage = field(v, "preimage");
  for (const auto& input : {"L402 " + field(v, "macaroon_b64") + ":" + preimage,
                            "Authorization: LSAT " + field(v, "macaroon_b64") + ":" + preimage}) {
    auto text = decode_command(input, {true, 0});
    ASSERT_TRUE(text) << text.error();
    EXPECT_EQ(text->find(preimage), std::string::npos);
    auto doc = json::parse(*text).as_object();
    EXPECT_EQ(doc.at("kind").as_string(), "credential");
    EXPECT_TRUE(doc.at("preimage_matches").as_bool());
  }
  auto wrong = decode_json("L402 " + field(v, "macaroon_b64") + ":" + std::string(64, '2'));
  EXPECT_FALSE(wrong.at("preimage_matches").as_bool());
}

TEST(Decode, PreimageCaveatIsHidden) {
  auto v = load("l402-test-vector.json");
  auto text = decode_command(field(v, "paid_hex"), {false, 0});
  ASSERT_TRUE(text) << text.error();
  EXPECT_EQ(text->find(field(v, "preimage")), std::string::npos);
  EXPECT_NE(text->find("preimage=(hidden)"), std::string::npos);
}

TEST(Decode, EveryValidOfficialInvoice) {
  auto vectors = load("bolt11/official_vectors_decoded.json");
  int checked = 0;
  for (const auto& vec : vectors.as_array()) {
    const auto& o = vec.as_object();
    if (!o.at("expect_valid").as_bool()) continue;
    SCOPED_TRACE(field(vec, "invoice"));
    const auto& want = o.at("decoded").as_object();
    auto doc = decode_json(field(vec, "invoice"));
    EXPECT_EQ(doc.at("kind").as_string(), "invoice");
    const auto& inv = doc.at("invoice").as_object();
    EXPECT_EQ(inv.at("payment_hash"), want.at("payment_hash"));
    EXPECT_EQ(inv.at("payee"), want.at("pubkey"));
    if (want.at("amount_msat").is_null()) {
      EXPECT_TRUE(inv.at("amount_msat").is_null());
    } else {
      EXPECT_EQ(inv.at("amount_msat").to_number<std::uint64_t>(),
                want.at("amount_msat").to_number<std::uint64_t>());
    }
    if (const auto* d = want.if_contains("description")) {
      EXPECT_EQ(inv.at("description"), *d);
    }
    if (const auto* e = want.if_contains("expiry")) {
      EXPECT_EQ(inv.at("expiry_seconds").to_number<std::uint64_t>(), e->to_number<std::uint64_t>());
    }
    EXPECT_EQ(inv.at("timestamp").to_number<std::uint64_t>(),
              want.at("timestamp").to_number<std::uint64_t>());
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

TEST(Decode, CoffeeInvoiceAsText) {
  auto vectors = load("bolt11/official_vectors_decoded.json");
  std::string invoice = field(vectors.as_array()[1], "invoice");
  auto text = decode_command("lightning:" + invoice, {false, 1496314658 + 30});
  ASSERT_TRUE(text) << text.error();
  for (const char* line :
       {"kind: invoice", "network: mainnet", "amount msat: 250000000", "amount sats: 250000",
        "payee: 03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad",
        "payment hash: 0001020304050607080900010203040506070809000102030405060708090102",
        "description: 1 cup coffee", "expiry seconds: 60", "expired: no",
        "created: 2017-06-01T10:57:38Z", "expires: 2017-06-01T10:58:38Z"}) {
    EXPECT_NE(text->find(line), std::string::npos) << line << "\n" << *text;
  }
  auto later = decode_json(invoice, 1496314658 + 60);
  EXPECT_TRUE(later.at("invoice").as_object().at("expired").as_bool());
}

TEST(Decode, Challenge) {
  auto vectors = load("bolt11/official_vectors_decoded.json");
  auto v = load("l402-test-vector.json");
  std::string invoice = field(vectors.as_array()[1], "invoice");
  auto doc = decode_json("WWW-Authenticate: LSAT token=\"" + field(v, "macaroon_b64") +
                         "\", invoice=\"" + invoice + "\"");
  EXPECT_EQ(doc.at("kind").as_string(), "challenge");
  EXPECT_EQ(doc.at("scheme").as_string(), "LSAT");
  EXPECT_FALSE(doc.at("invoice_matches_macaroon").as_bool());
  EXPECT_EQ(doc.at("invoice").as_object().at("description").as_string(), "1 cup coffee");
}

TEST(Decode, GarbageIsAnError) {
  EXPECT_FALSE(decode_command("hello", {}));
  EXPECT_FALSE(decode_command("", {}));
  EXPECT_FALSE(decode_command("lnbc1qqqq", {}));
  EXPECT_FALSE(decode_command("L402 abc:def", {}));
}

}  // namespace
}  // namespace l402d::client
