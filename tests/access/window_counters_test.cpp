// Uses per key in fixed windows: the limit holds within a window, a new
// window starts afresh, and the table stays bounded under a flood of keys.

#include "access/window_counters.hpp"

#include <gtest/gtest.h>

namespace l402d::access {
namespace {

constexpr std::int64_t kDay = 86'400;

TEST(WindowCounters, TheLimitHoldsWithinAWindow) {
  auto counters = std::make_unique<MemoryWindowCounters>();
  const std::int64_t noon = 20'000 * kDay + kDay / 2;
  auto first = counters->take("203.0.113.7/32", 2, kDay, noon);
  EXPECT_TRUE(first.allowed);
  EXPECT_EQ(first.remaining, 1u);
  EXPECT_TRUE(counters->take("203.0.113.7/32", 2, kDay, noon + 1).allowed);
  auto refused = counters->take("203.0.113.7/32", 2, kDay, noon + 2);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, kDay / 2 - 2);
  EXPECT_TRUE(counters->take("198.51.100.1/32", 2, kDay, noon).allowed) << "another key";
}

TEST(WindowCounters, TheNextWindowStartsAfresh) {
  auto counters = std::make_unique<MemoryWindowCounters>();
  const std::int64_t t = 1'800'000'000;
  EXPECT_TRUE(counters->take("k", 1, 60, t).allowed);
  EXPECT_FALSE(counters->take("k", 1, 60, t).allowed);
  const auto next = t - t % 60 + 60;
  EXPECT_FALSE(counters->take("k", 1, 60, next - 1).allowed);
  EXPECT_TRUE(counters->take("k", 1, 60, next).allowed);
}

TEST(WindowCounters, AZeroLimitRefusesEverything) {
  auto counters = std::make_unique<MemoryWindowCounters>();
  EXPECT_FALSE(counters->take("k", 0, 60, 1'800'000'000).allowed);
}

TEST(WindowCounters, AUseGivenBackCanBeTakenAgain) {
  MemoryWindowCounters counters;
  const std::int64_t t = 1'800'000'000;
  EXPECT_TRUE(counters.take("k", 1, 60, t).allowed);
  counters.give_back("k", 60, t + 1);
  auto again = counters.take("k", 1, 60, t + 2);
  EXPECT_TRUE(again.allowed);
  EXPECT_EQ(again.remaining, 0u);
  EXPECT_FALSE(counters.take("k", 1, 60, t + 3).allowed);
}

TEST(WindowCounters, GivingBackNeverAddsToTheLimitOrReachesAnEndedWindow) {
  MemoryWindowCounters counters;
  const std::int64_t t = 1'800'000'000 - 1'800'000'000 % 60;
  counters.give_back("unknown", 60, t);
  EXPECT_EQ(counters.size(), 0u);
  EXPECT_TRUE(counters.take("k", 1, 60, t).allowed);
  counters.give_back("k", 60, t);
  counters.give_back("k", 60, t);  // nothing left to give back
  EXPECT_TRUE(counters.take("k", 1, 60, t).allowed);
  EXPECT_FALSE(counters.take("k", 1, 60, t).allowed) << "one give-back, one use";
  counters.give_back("k", 60, t + 60);  // the next window: that use stays spent
  EXPECT_TRUE(counters.take("k", 1, 60, t + 60).allowed);
  EXPECT_FALSE(counters.take("k", 1, 60, t + 61).allowed);
}

TEST(WindowCounters, AFloodOfKeysStaysBounded) {
  MemoryWindowCounters counters(64);
  const std::int64_t t = 1'800'000'000;
  for (int i = 0; i < 10'000; ++i) {
    EXPECT_TRUE(counters.take("flood-" + std::to_string(i), 1, 60, t).allowed);
    ASSERT_LE(counters.size(), 64u);
  }
  // Keys of ended windows are the first to go.
  EXPECT_TRUE(counters.take("later", 1, 60, t + 60).allowed);
  EXPECT_EQ(counters.size(), 1u);
}

}  // namespace
}  // namespace l402d::access
