#include "mpp/charge_request.hpp"

#include <gtest/gtest.h>

#include <string>

#include "util/base64.hpp"

namespace l402d::mpp {
namespace {

std::string text_of(std::string_view base64url) {
  const auto bytes = base64_decode(base64url);
  EXPECT_TRUE(bytes) << base64url;
  return bytes ? std::string(as_chars(*bytes)) : std::string();
}

ChargeRequest weather() {
  ChargeRequest r;
  r.amount_sats = 100;
  r.description = "Weather report";
  r.invoice = "lnbc1u1pexample";
  r.payment_hash_hex = "bc230847";
  r.network = "mainnet";
  return r;
}

TEST(MppChargeRequest, EncodesAperturesVector) {
  // The request of Aperture's "minimal charge challenge" vector.
  EXPECT_EQ(encode_charge_request(weather()),
            "eyJhbW91bnQiOiIxMDAiLCJjdXJyZW5jeSI6InNhdCIsImRlc2NyaXB0aW9uIjoiV2VhdGhlciByZXBvcnQiLC"
            "JtZXRob2REZXRhaWxzIjp7Imludm9pY2UiOiJsbmJjMXUxcGV4YW1wbGUiLCJuZXR3b3JrIjoibWFpbm5ldCIs"
            "InBheW1lbnRIYXNoIjoiYmMyMzA4NDcifX0");
}

TEST(MppChargeRequest, IsJcsTextWithTheAmountAsAStringInSats) {
  auto r = weather();
  r.external_id = "AgEEbHNhdA==";
  EXPECT_EQ(text_of(encode_charge_request(r)),
            R"({"amount":"100","currency":"sat","description":"Weather report",)"
            R"("externalId":"AgEEbHNhdA==","methodDetails":{"invoice":"lnbc1u1pexample",)"
            R"("network":"mainnet","paymentHash":"bc230847"}})");
}

TEST(MppChargeRequest, OmitsEmptyOptionalMembers) {
  ChargeRequest r;
  r.amount_sats = 1;
  r.invoice = "lnbcrt10n1p";
  const auto encoded = encode_charge_request(r);
  EXPECT_EQ(text_of(encoded),
            R"({"amount":"1","currency":"sat","methodDetails":{"invoice":"lnbcrt10n1p"}})");
  EXPECT_EQ(encoded.find_first_of("=+/"), std::string::npos) << encoded;
}

TEST(MppChargeRequest, RoundTrips) {
  auto r = weather();
  r.external_id = "mac/aroon+==";
  r.amount_sats = 18'446'744'073'709'551'615u;
  const auto decoded = decode_charge_request(encode_charge_request(r));
  ASSERT_TRUE(decoded) << decoded.error();
  EXPECT_EQ(*decoded, r);
}

TEST(MppChargeRequest, DecodesUnsortedJsonFromOtherImplementations) {
  const auto decoded = decode_charge_request(base64url_encode(std::string_view(
      R"({"methodDetails":{"paymentHash":"aa","invoice":"lnbc1","network":"signet","x":1},)"
      R"("currency":"sat","amount":"7","recipient":"ignored"})")));
  ASSERT_TRUE(decoded) << decoded.error();
  EXPECT_EQ(decoded->amount_sats, 7u);
  EXPECT_EQ(decoded->invoice, "lnbc1");
  EXPECT_EQ(decoded->payment_hash_hex, "aa");
  EXPECT_EQ(decoded->network, "signet");
  EXPECT_EQ(decoded->description, "");
  EXPECT_EQ(decoded->external_id, "");
}

TEST(MppChargeRequest, RejectsWhatIsNotAChargeRequest) {
  EXPECT_FALSE(decode_charge_request("!!!invalid!!!"));
  EXPECT_FALSE(decode_charge_request(""));
  EXPECT_FALSE(decode_charge_request(base64url_encode(std::string_view("{oops}"))));
  EXPECT_FALSE(decode_charge_request(base64url_encode(std::string_view("[1,2]"))));
  const auto with = [](std::string_view json) {
    return decode_charge_request(base64url_encode(json));
  };
  const std::string md = R"("methodDetails":{"invoice":"lnbc1"})";
  EXPECT_TRUE(with(R"({"amount":"1","currency":"sat",)" + md + "}"));
  for (const std::string amount :
       {"", R"("amount":"0",)", R"("amount":"-1",)", R"("amount":"1.5",)", R"("amount":100,)",
        R"("amount":" 1",)", R"("amount":"1 ",)", R"("amount":"abc",)", R"("amount":"",)",
        R"("amount":"18446744073709551616",)"}) {
    EXPECT_FALSE(with("{" + amount + R"("currency":"sat",)" + md + "}")) << amount;
  }
  for (const std::string currency : {"", R"("currency":"BTC",)", R"("currency":"SAT",)",
                                     R"("currency":"msat",)", R"("currency":1,)"}) {
    EXPECT_FALSE(with(R"({"amount":"1",)" + currency + md + "}")) << currency;
  }
  EXPECT_FALSE(with(R"({"amount":"1","currency":"sat"})"));
  EXPECT_FALSE(with(R"({"amount":"1","currency":"sat","methodDetails":"lnbc1"})"));
  EXPECT_FALSE(with(R"({"amount":"1","currency":"sat","methodDetails":{}})"));
  EXPECT_FALSE(with(R"({"amount":"1","currency":"sat","methodDetails":{"invoice":""}})"));
  EXPECT_FALSE(with(R"({"amount":"1","currency":"sat","methodDetails":{"invoice":7}})"));
}

TEST(MppChargeRequest, ErrorsAreSentences) {
  const auto e = decode_charge_request(base64url_encode(
      std::string_view(R"({"amount":"1","currency":"BTC","methodDetails":{"invoice":"i"}})")));
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().find("currency"), std::string::npos) << e.error();
}

}  // namespace
}  // namespace l402d::mpp
