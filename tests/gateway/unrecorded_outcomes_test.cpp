#include "gateway/unrecorded_outcomes.hpp"

#include <gtest/gtest.h>

namespace l402d::gateway {
namespace {

UnrecordedOutcome failed(std::uint8_t id) {
  UnrecordedOutcome held;
  held.token.token_id[0] = id;
  held.outcome = paywall::WorkFailure{"storage_full", "no room", true};
  return held;
}

Hash32 id_of(std::uint8_t id) {
  Hash32 h{};
  h[0] = id;
  return h;
}

TEST(UnrecordedOutcomes, AnOutcomeIsTakenOnce) {
  UnrecordedOutcomes held;
  held.hold(failed(1));
  EXPECT_FALSE(held.take(id_of(2)));
  auto taken = held.take(id_of(1));
  ASSERT_TRUE(taken);
  EXPECT_EQ(std::get<paywall::WorkFailure>(taken->outcome).code, "storage_full");
  EXPECT_FALSE(held.take(id_of(1)));
}

TEST(UnrecordedOutcomes, PastTheLimitTheOldestIsDropped) {
  UnrecordedOutcomes held(2);
  for (std::uint8_t i = 1; i <= 3; ++i)
    held.hold(failed(i));
  EXPECT_EQ(held.size(), 2u);
  EXPECT_FALSE(held.take(id_of(1)));
  EXPECT_TRUE(held.take(id_of(3)));
}

TEST(UnrecordedOutcomes, HoldingAndTakingAgainAndAgainStaysBounded) {
  UnrecordedOutcomes held(2);
  for (int round = 0; round < 1000; ++round) {
    held.hold(failed(7));
    ASSERT_TRUE(held.take(id_of(7)));
  }
  held.hold(failed(1));
  held.hold(failed(2));
  EXPECT_EQ(held.size(), 2u);
  EXPECT_TRUE(held.take(id_of(1)));
  EXPECT_TRUE(held.take(id_of(2)));
}

}  // namespace
}  // namespace l402d::gateway
