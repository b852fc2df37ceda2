#include "gateway/result_cache.hpp"

#include <gtest/gtest.h>

#include "util/crypto.hpp"

namespace l402d::gateway {
namespace {

std::shared_ptr<CachedResult> result_of(std::size_t body_bytes) {
  auto r = std::make_shared<CachedResult>();
  r->content_type = "application/json";
  r->body.assign(body_bytes, 'x');
  return r;
}

TEST(ResultCache, KeepsWhatFitsAndDropsTheLeastRecentlyUsed) {
  ResultCache cache(4000);
  const auto a = random_array<32>(), b = random_array<32>(), c = random_array<32>();
  cache.put(a, result_of(700));
  cache.put(b, result_of(700));
  EXPECT_EQ(cache.size(), 2U);
  ASSERT_TRUE(cache.get(a));  // a is now the most recent
  cache.put(c, result_of(700));
  cache.put(random_array<32>(), result_of(700));
  cache.put(random_array<32>(), result_of(700));
  EXPECT_LE(cache.bytes(), 4000U);
  EXPECT_FALSE(cache.get(b));
  EXPECT_TRUE(cache.get(a));
}

TEST(ResultCache, ABodyOverAQuarterOfTheBudgetIsNotKept) {
  ResultCache cache(4000);
  const auto a = random_array<32>();
  cache.put(a, result_of(2000));
  EXPECT_FALSE(cache.get(a));
  EXPECT_EQ(cache.bytes(), 0U);
}

TEST(ResultCache, ReplacingAndErasingKeepTheAccounting) {
  ResultCache cache(100000);
  const auto a = random_array<32>();
  cache.put(a, result_of(100));
  const auto one = cache.bytes();
  cache.put(a, result_of(100));
  EXPECT_EQ(cache.bytes(), one);
  EXPECT_EQ(cache.size(), 1U);
  cache.erase(a);
  EXPECT_EQ(cache.bytes(), 0U);
  EXPECT_FALSE(cache.get(a));
}

TEST(ResultCache, ZeroBytesDisablesIt) {
  ResultCache cache(0);
  const auto a = random_array<32>();
  cache.put(a, result_of(1));
  EXPECT_FALSE(cache.get(a));
}

}  // namespace
}  // namespace l402d::gateway
