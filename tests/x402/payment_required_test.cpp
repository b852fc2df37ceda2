#include "x402/payment_required.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "util/base64.hpp"

namespace l402d::x402 {
namespace {
namespace json = boost::json;

json::value decoded(std::string_view header) {
  const auto bytes = base64_decode(header);
  EXPECT_TRUE(bytes) << header;
  return bytes ? json::parse(as_chars(*bytes)) : json::value();
}

std::string header_of(std::string_view json_text) {
  return base64_encode(json_text);
}

LightningOffer offer() {
  LightningOffer o;
  o.resource_url = "https://shop.example/api/echo";
  o.description = "L402 echo";
  o.network = "bip122:0f9188f13cb7b2c71f2a335e3a4fc328";
  o.amount_msat = 21'000;
  o.max_timeout_seconds = 600;
  o.invoice = "lnbcrt210n1pexample";
  o.extra["macaroon"] = "AgEEbHNhdA==";
  return o;
}

TEST(X402PaymentRequired, IsStandardBase64OfTheV2Document) {
  const auto header = format_payment_required(offer());
  EXPECT_EQ(header.size() % 4, 0u);
  EXPECT_EQ(header.find_first_of("-_"), std::string::npos);
  const auto want = json::parse(R"({
    "x402Version": 2,
    "resource": {"url": "https://shop.example/api/echo", "mimeType": "application/json",
                 "description": "L402 echo"},
    "accepts": [{
      "scheme": "exact",
      "network": "bip122:0f9188f13cb7b2c71f2a335e3a4fc328",
      "amount": "21000",
      "asset": "BTC",
      "payTo": "anonymous",
      "maxTimeoutSeconds": 600,
      "extra": {"paymentMethod": "lightning", "invoice": "lnbcrt210n1pexample",
                "macaroon": "AgEEbHNhdA=="}
    }]
  })");
  EXPECT_EQ(decoded(header), want) << json::serialize(decoded(header));
}

TEST(X402PaymentRequired, ErrorAndDescriptionOnlyWhenSet) {
  auto o = offer();
  o.description.clear();
  o.error = "the token has expired";
  o.extra.clear();
  const auto doc = decoded(format_payment_required(o)).as_object();
  EXPECT_EQ(doc.at("error"), "the token has expired");
  EXPECT_FALSE(doc.at("resource").as_object().contains("description"));
  EXPECT_EQ(doc.at("accepts").as_array()[0].at("extra"),
            json::parse(R"({"paymentMethod":"lightning","invoice":"lnbcrt210n1pexample"})"));
  EXPECT_FALSE(decoded(format_payment_required(offer())).as_object().contains("error"));
}

TEST(X402PaymentRequired, TheClientFindsTheOfferItFormats) {
  const auto found = find_lightning_offer(format_payment_required(offer()));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->invoice, "lnbcrt210n1pexample");
  EXPECT_EQ(found->amount_msat, 21'000u);
  EXPECT_EQ(found->x402_version, 2);
  EXPECT_EQ(found->accepted.at("extra").at("macaroon"), "AgEEbHNhdA==");
  EXPECT_EQ(found->accepted.at("network"), "bip122:0f9188f13cb7b2c71f2a335e3a4fc328");
  EXPECT_EQ(found->accepted.at("maxTimeoutSeconds"), 600);
}

TEST(X402PaymentRequired, FindsTheFirstLightningEntryAmongOthers) {
  const auto found = find_lightning_offer(header_of(R"({"x402Version":1,"accepts":[
    "junk",
    {"scheme":"exact","network":"eip155:8453","amount":"1000","asset":"0xUSDC","extra":{"name":"USDC"}},
    {"scheme":"exact","amount":"5","extra":{"paymentMethod":"onchain","invoice":"x"}},
    {"scheme":"exact","amount":5,"extra":{"paymentMethod":"lightning","invoice":"numeric"}},
    {"scheme":"exact","amount":"5x","extra":{"paymentMethod":"lightning","invoice":"bad amount"}},
    {"scheme":"upto","amount":"7","extra":{"paymentMethod":"lightning","invoice":"other scheme"}},
    {"amount":"7","extra":{"paymentMethod":"lightning","invoice":"no scheme"}},
    {"scheme":"exact","amount":"402000","asset":"btc","extra":{"paymentMethod":"lightning","invoice":"lnbc4020n1p"}},
    {"scheme":"exact","amount":"1","extra":{"paymentMethod":"lightning","invoice":"second"}}
  ]})"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->invoice, "lnbc4020n1p");
  EXPECT_EQ(found->amount_msat, 402'000u);
  EXPECT_EQ(found->x402_version, 1);
  EXPECT_EQ(found->accepted.at("asset"), "btc");
}

TEST(X402PaymentRequired, NoLightningOfferIsNothing) {
  EXPECT_FALSE(find_lightning_offer(""));
  EXPECT_FALSE(find_lightning_offer("!!!"));
  EXPECT_FALSE(find_lightning_offer(header_of("{oops}")));
  EXPECT_FALSE(find_lightning_offer(header_of("[]")));
  EXPECT_FALSE(find_lightning_offer(header_of(R"({"x402Version":2})")));
  EXPECT_FALSE(find_lightning_offer(header_of(R"({"accepts":{}})")));
  EXPECT_FALSE(find_lightning_offer(header_of(R"({"accepts":[]})")));
  EXPECT_FALSE(find_lightning_offer(
      header_of(R"({"accepts":[{"amount":"1","extra":{"paymentMethod":"lightning"}}]})")));
  EXPECT_FALSE(find_lightning_offer(
      header_of(R"({"accepts":[{"extra":{"paymentMethod":"lightning","invoice":"i"}}]})")));
}

}  // namespace
}  // namespace l402d::x402
