#include "gateway/local_runs.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace l402d::gateway {
namespace {

Hash32 token(std::uint8_t b) {
  Hash32 h{};
  h[0] = b;
  return h;
}

TEST(LocalRuns, ATokenRunsHereWhileItsHoldLivesAndTheEndIsAnnouncedOnce) {
  std::vector<Hash32> ended;
  LocalRuns runs([&](const Hash32& id) { ended.push_back(id); });
  EXPECT_FALSE(runs.running(token(1)));
  auto first = runs.hold(token(1));
  auto copy = first;
  EXPECT_TRUE(runs.running(token(1)));
  EXPECT_FALSE(runs.running(token(2)));
  first.reset();
  EXPECT_TRUE(runs.running(token(1))) << "a copy of the hold still lives";
  copy.reset();
  EXPECT_FALSE(runs.running(token(1)));
  EXPECT_EQ(ended, std::vector<Hash32>{token(1)});
}

// Two holds on one token (a takeover the store allowed before this instance
// could say no): the token runs here until both have ended.
TEST(LocalRuns, TwoHoldsOnOneTokenEndWhenBothAreReleased) {
  int ended = 0;
  LocalRuns runs([&](const Hash32&) { ++ended; });
  auto a = runs.hold(token(7));
  auto b = runs.hold(token(7));
  a.reset();
  EXPECT_TRUE(runs.running(token(7)));
  EXPECT_EQ(ended, 0);
  b.reset();
  EXPECT_FALSE(runs.running(token(7)));
  EXPECT_EQ(ended, 1);
}

}  // namespace
}  // namespace l402d::gateway
