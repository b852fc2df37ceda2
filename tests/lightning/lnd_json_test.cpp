// LND REST's JSON as lnd v0.21's grpc-gateway writes it (field names and
// types from lnd-lightning.swagger.json): int64 as strings, bytes as base64.

#include "lightning/lnd_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "util/base64.hpp"
#include "util/crypto.hpp"

namespace l402d::lightning::lnd {
namespace {

namespace json = boost::json;

const Hash32 kPreimage = [] {
  Hash32 p{};
  p.fill(0x42);
  return p;
}();
const Hash32 kHash = sha256(ByteView(kPreimage));

json::object invoice(std::string_view state, std::int64_t created, std::int64_t expiry) {
  return json::object{{"memo", "L402 vision"},
                      {"r_preimage", base64_encode(ByteView(kPreimage))},
                      {"r_hash", base64_encode(ByteView(kHash))},
                      {"value", "100"},
                      {"value_msat", "100000"},
                      {"settled", state == "SETTLED"},
                      {"creation_date", std::to_string(created)},
                      {"settle_date", state == "SETTLED" ? "1800000100" : "0"},
                      {"payment_request", "lnbcrt1u1p..."},
                      {"expiry", std::to_string(expiry)},
                      {"add_index", "17"},
                      {"settle_index", state == "SETTLED" ? "9" : "0"},
                      {"state", state}};
}

TEST(LndJson, AddInvoiceAsksInMillisatoshisWithStringIntegers) {
  auto body = json::parse(add_invoice_body({100'001, "L402 vision", 600})).as_object();
  EXPECT_EQ(body.at("value_msat"), "100001");
  EXPECT_EQ(body.at("memo"), "L402 vision");
  EXPECT_EQ(body.at("expiry"), "600");
  EXPECT_FALSE(body.contains("value"));
}

TEST(LndJson, ReadsTheAddInvoiceAnswer) {
  const std::string answer = R"({"r_hash":")" + base64_encode(ByteView(kHash)) +
                             R"(","payment_request":"lnbcrt1u1pabc","add_index":"17",)"
                             R"("payment_addr":"ERERERERERERERERERERERERERERERERERERERERERE="})";
  auto created = parse_add_invoice(answer, 1'800'000'000, 600);
  EXPECT_EQ(created.payment_hash, kHash);
  EXPECT_EQ(created.bolt11, "lnbcrt1u1pabc");
  EXPECT_EQ(created.expires_at, 1'800'000'600);
  EXPECT_THROW(parse_add_invoice(R"({"r_hash":"AAEC","payment_request":"x"})", 0, 1), BackendError);
  EXPECT_THROW(parse_add_invoice("not json", 0, 1), BackendError);
}

TEST(LndJson, MapsInvoiceStates) {
  const std::int64_t now = 1'800'000'200;
  auto settled = parse_invoice(invoice("SETTLED", 1'800'000'000, 3600), now);
  EXPECT_EQ(settled.state, InvoiceState::settled);
  EXPECT_EQ(settled.amount_msat, 100'000u);
  EXPECT_EQ(settled.settled_at, 1'800'000'100);
  EXPECT_EQ(settled.preimage, kPreimage);
  EXPECT_EQ(parse_invoice(invoice("OPEN", 1'800'000'000, 3600), now).state, InvoiceState::open);
  EXPECT_EQ(parse_invoice(invoice("OPEN", 1'800'000'000, 100), now).state, InvoiceState::expired);
  // LND cancels what expires: CANCELED past the expiry is expired.
  EXPECT_EQ(parse_invoice(invoice("CANCELED", 1'800'000'000, 100), now).state,
            InvoiceState::expired);
  EXPECT_EQ(parse_invoice(invoice("CANCELED", 1'800'000'000, 3600), now).state,
            InvoiceState::cancelled);
  EXPECT_EQ(parse_invoice(invoice("ACCEPTED", 1'800'000'000, 3600), now).state, InvoiceState::open);
  EXPECT_FALSE(parse_invoice(invoice("OPEN", 1'800'000'000, 3600), now).preimage);
}

TEST(LndJson, APreimageThatDoesNotHashToRHashIsNotReported) {
  auto o = invoice("SETTLED", 1'800'000'000, 3600);
  Hash32 wrong{};
  o["r_preimage"] = base64_encode(ByteView(wrong));
  EXPECT_FALSE(parse_invoice(o, 1'800'000'001).preimage);
}

TEST(LndJson, AcceptsNumbersWhereStringsAreUsual) {
  auto o = invoice("OPEN", 1'800'000'000, 3600);
  o["value_msat"] = 5000;
  EXPECT_EQ(parse_invoice(o, 1'800'000'001).amount_msat, 5000u);
}

TEST(LndJson, ReadsGetInfo) {
  auto info = parse_getinfo(
      R"({"version":"0.21.2-beta commit=v0.21.2-beta","identity_pubkey":"02abc","alias":"alice",)"
      R"("block_height":120,"synced_to_chain":true,"chains":[{"chain":"bitcoin","network":"regtest"}]})");
  EXPECT_EQ(info.pubkey, "02abc");
  EXPECT_EQ(info.alias, "alice");
  EXPECT_EQ(info.network, bolt11::Network::regtest);
  auto main = parse_getinfo(
      R"({"identity_pubkey":"03def","chains":[{"chain":"bitcoin","network":"mainnet"}]})");
  EXPECT_EQ(main.network, bolt11::Network::mainnet);
  EXPECT_THROW(parse_getinfo(R"({"alias":"no key"})"), BackendError);
}

TEST(LndJson, ErrorTextIsTheNodesMessage) {
  EXPECT_EQ(error_text(R"({"code":5,"message":"unable to locate invoice","details":[]})"),
            "unable to locate invoice");
  EXPECT_EQ(error_text(R"({"error":{"code":2,"message":"verification failed"}})"),
            "verification failed");
  EXPECT_EQ(error_text("plain"), "plain");
}

TEST(LndJson, HashesInUrlsAreBase64Url) {
  Hash32 h{};
  h.fill(0xfb);  // '+' and '/' in standard base64
  auto s = base64url(h);
  EXPECT_EQ(s.find('+'), std::string::npos);
  EXPECT_EQ(s.find('/'), std::string::npos);
  EXPECT_EQ(*base64_decode(s), Bytes(h.begin(), h.end()));
}

}  // namespace
}  // namespace l402d::lightning::lnd
