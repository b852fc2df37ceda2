// Prices from the request itself: rules in order, size charges on top, and
// the bounds, with no arithmetic surprises.

#include "pricing/price_list.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>

namespace l402d::pricing {
namespace {

namespace json = boost::json;

RequestFacts post(const std::string& path, const json::value& body) {
  RequestFacts r;
  r.method = "POST";
  r.path = path;
  r.body_bytes = json::serialize(body).size();
  r.json = &body;
  return r;
}

PriceList priced(std::uint64_t base_msat) {
  PriceList list;
  list.base_msat = base_msat;
  return list;
}

PriceRule rule(std::uint64_t price_msat, std::optional<std::string> method = {},
               std::optional<std::string> prefix = {}, std::optional<std::string> field = {},
               std::optional<std::string> equals = {}) {
  PriceRule r;
  r.method = std::move(method);
  r.path_prefix = std::move(prefix);
  r.field = std::move(field);
  r.equals = std::move(equals);
  r.price_msat = price_msat;
  return r;
}

SizeCharge charge(SizeUnit unit, double per, std::uint64_t msat_each, std::string field = {}) {
  SizeCharge c;
  c.unit = unit;
  c.field = std::move(field);
  c.per = per;
  c.msat_each = msat_each;
  return c;
}

TEST(PriceOf, TheBasePriceWhenNoRuleMatches) {
  auto list = priced(21'000);
  const json::value body = json::parse(R"({"model":"small"})");
  EXPECT_EQ(price_of(list, post("/v1/chat", body)), 21'000u);
}

TEST(PriceOf, TheFirstMatchingRuleWins) {
  auto list = priced(1'000);
  list.rules = {rule(50'000, "POST", "/v1/chat/", "/model", "large"),
                rule(10'000, "POST", "/v1/chat/"), rule(99'000)};
  const json::value large = json::parse(R"({"model":"large"})");
  const json::value small = json::parse(R"({"model":"small"})");
  EXPECT_EQ(price_of(list, post("/v1/chat/completions", large)), 50'000u);
  EXPECT_EQ(price_of(list, post("/v1/chat/completions", small)), 10'000u);
  EXPECT_EQ(price_of(list, post("/v1/embeddings", small)), 99'000u);
  auto get = post("/v1/chat/completions", large);
  get.method = "GET";
  EXPECT_EQ(price_of(list, get), 99'000u);
}

TEST(PriceOf, AFieldRuleNeedsTheFieldAndComparesNonStringsAsJson) {
  auto list = priced(1);
  list.rules = {rule(7, {}, {}, "/stream", "true"), rule(5, {}, {}, "/n")};
  const json::value streamed = json::parse(R"({"stream":true})");
  const json::value counted = json::parse(R"({"n":3})");
  const json::value neither = json::parse(R"({"stream":"true"})");
  EXPECT_EQ(price_of(list, post("/", streamed)), 7u);
  EXPECT_EQ(price_of(list, post("/", counted)), 5u);
  EXPECT_EQ(price_of(list, post("/", neither)), 7u) << "the string \"true\" is its own value";
  RequestFacts not_json;
  not_json.method = "POST";
  not_json.path = "/";
  not_json.body_bytes = 10;
  EXPECT_EQ(price_of(list, not_json), 1u);
}

TEST(PriceOf, SizeChargesAddPerStartedStep) {
  auto list = priced(1'000);
  list.charges = {charge(SizeUnit::field_chars, 100, 10, "/messages"),
                  charge(SizeUnit::body_bytes, 1024, 1)};
  // 101 characters in the message's strings (é is one): two steps of 100.
  const json::value body =
      json::parse(R"({"messages":[{"role":"u","content":")" + std::string(99, 'a') + R"(é"}]})");
  const auto facts = post("/", body);
  EXPECT_EQ(string_chars(body.at("messages")), 1u + 100u);  // "u" and the content; keys not
  EXPECT_EQ(price_of(list, facts), 1'000u + 2 * 10u + 1u);
}

TEST(PriceOf, MegapixelsAreChargedForTheImageADecoderSaw) {
  auto list = priced(0);
  list.charges = {charge(SizeUnit::image_megapixels, 1, 3'000)};
  RequestFacts facts;
  facts.image_megapixels = 2.1;
  EXPECT_EQ(price_of(list, facts), 9'000u);
  facts.image_megapixels = 0;
  EXPECT_EQ(price_of(list, facts), 0u);
}

TEST(PriceOf, TheBoundsHoldAndNothingWraps) {
  auto list = priced(5);
  list.min_msat = 1'000;
  list.max_msat = 100'000;
  const json::value body = json::parse(R"({"prompt":"x"})");
  EXPECT_EQ(price_of(list, post("/", body)), 1'000u);
  list.charges = {charge(SizeUnit::body_bytes, 1, std::numeric_limits<std::uint64_t>::max())};
  EXPECT_EQ(price_of(list, post("/", body)), 100'000u);
  list.max_msat.reset();
  EXPECT_EQ(price_of(list, post("/", body)), std::numeric_limits<std::uint64_t>::max());
}

}  // namespace
}  // namespace l402d::pricing

namespace l402d::pricing {
namespace {

TEST(ReadsBody, OnlyAFieldRuleOrACountOfWhatIsInsideNeedsTheBody) {
  auto list = priced(1000);
  EXPECT_FALSE(reads_body(list));
  list.rules.push_back(rule(5000, "POST", "/v1/"));
  list.charges.push_back(charge(SizeUnit::body_bytes, 1000, 1));
  EXPECT_FALSE(reads_body(list)) << "a method, a path and a declared size need no body";
  auto by_field = list;
  by_field.rules.push_back(rule(9000, {}, {}, "/model", "big"));
  EXPECT_TRUE(reads_body(by_field));
  auto by_chars = list;
  by_chars.charges.push_back(charge(SizeUnit::field_chars, 10, 1, "/messages"));
  EXPECT_TRUE(reads_body(by_chars));
  auto by_pixels = list;
  by_pixels.charges.push_back(charge(SizeUnit::image_megapixels, 1, 1000));
  EXPECT_TRUE(reads_body(by_pixels));
}

}  // namespace
}  // namespace l402d::pricing
