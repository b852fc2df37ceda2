#include "gateway/open_challenges.hpp"

#include <gtest/gtest.h>

#include "util/crypto.hpp"

namespace l402d::gateway {
namespace {

// The value of one series in the rendered text, 0 when it is not there.
double metric(const http::Metrics& m, const std::string& series) {
  const auto text = m.render();
  const auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return 0;
  return std::stod(text.substr(at + series.size() + 2));
}

OpenChallenge challenge(const std::string& service, std::int64_t created, std::int64_t expires) {
  return {random_array<32>(), service, 21000, rail_l402 | rail_mpp, created, expires};
}

// The clock is the `now` each call is given: a test moves it by hand.
class OpenChallengesTest : public ::testing::Test {
 protected:
  http::Metrics metrics;
  std::int64_t now = 1'000'000;
};

TEST_F(OpenChallengesTest, ListsOpenChallengesNewestFirstAndFiltersByService) {
  OpenChallenges open(&metrics);
  const auto a = challenge("vision", now, now + 600);
  const auto b = challenge("tts", now + 1, now + 601);
  const auto c = challenge("vision", now + 2, now + 602);
  open.add(a, now);
  open.add(b, now + 1);
  open.add(c, now + 2);
  const auto all = open.list("", 10, now + 3);
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[0].payment_hash, c.payment_hash);
  EXPECT_EQ(all[2].payment_hash, a.payment_hash);
  const auto vision = open.list("vision", 10, now + 3);
  ASSERT_EQ(vision.size(), 2U);
  EXPECT_EQ(vision[1].price_msat, 21000U);
  EXPECT_EQ(open.list("", 1, now + 3).size(), 1U);
}

TEST_F(OpenChallengesTest, APaidChallengeLeavesTheListAndCountsOnce) {
  OpenChallenges open(&metrics);
  const auto a = challenge("vision", now, now + 600);
  open.add(a, now);
  open.paid(a.payment_hash);
  open.paid(a.payment_hash);      // a reuse of the token
  open.paid(random_array<32>());  // another instance's challenge
  EXPECT_TRUE(open.list("", 10, now).empty());
  EXPECT_EQ(metric(metrics, "l402d_challenges_paid_total{service=\"vision\"}"), 1);
  // Paid before it expired: never counted as expired unpaid.
  open.add(challenge("vision", now + 700, now + 1300), now + 700);
  EXPECT_EQ(metric(metrics, "l402d_challenges_expired_unpaid_total{service=\"vision\"}"), 0);
}

TEST_F(OpenChallengesTest, AnExpiredChallengeIsCountedUnpaidWhenSwept) {
  OpenChallenges open(&metrics);
  open.add(challenge("vision", now, now + 600), now);
  open.add(challenge("tts", now, now + 600), now);
  EXPECT_EQ(open.list("", 10, now + 599).size(), 2U);
  EXPECT_TRUE(open.list("", 10, now + 600).empty());
  EXPECT_EQ(open.size(), 0U);
  EXPECT_EQ(metric(metrics, "l402d_challenges_expired_unpaid_total{service=\"vision\"}"), 1);
  EXPECT_EQ(metric(metrics, "l402d_challenges_expired_unpaid_total{service=\"tts\"}"), 1);
  // Sweeping again counts nothing twice.
  open.list("", 10, now + 1200);
  EXPECT_EQ(metric(metrics, "l402d_challenges_expired_unpaid_total{service=\"vision\"}"), 1);
}

TEST_F(OpenChallengesTest, PastCapacityTheOldestIsDroppedAndCounted) {
  OpenChallenges open(&metrics, 3);
  std::vector<OpenChallenge> added;
  for (int i = 0; i < 5; ++i) {
    added.push_back(challenge("vision", now + i, now + 600));
    open.add(added.back(), now + i);
  }
  EXPECT_EQ(open.size(), 3U);
  const auto listed = open.list("", 10, now + 5);
  ASSERT_EQ(listed.size(), 3U);
  EXPECT_EQ(listed[2].payment_hash, added[2].payment_hash);
  EXPECT_EQ(metric(metrics, "l402d_open_challenges_dropped_total"), 2);
  // A dropped challenge that is paid later is no longer this registry's.
  open.paid(added[0].payment_hash);
  EXPECT_EQ(metric(metrics, "l402d_challenges_paid_total{service=\"vision\"}"), 0);
}

TEST_F(OpenChallengesTest, PaidEntriesWaitInTheQueueOnlyUpToItsBound) {
  OpenChallenges open(&metrics, 2);
  const auto unpaid = challenge("vision", now, now + 600);
  open.add(unpaid, now);
  for (int i = 0; i < 20; ++i) {
    const auto c = challenge("vision", now, now + 600);
    open.add(c, now);
    open.paid(c.payment_hash);
  }
  // Twice the capacity in queue at most: the unpaid one at its front fell
  // out when the bound was reached, and was counted as dropped.
  EXPECT_TRUE(open.list("", 10, now).empty());
  EXPECT_EQ(metric(metrics, "l402d_open_challenges_dropped_total"), 1);
  EXPECT_EQ(metric(metrics, "l402d_challenges_paid_total{service=\"vision\"}"), 20);
}

TEST_F(OpenChallengesTest, WorksWithoutMetrics) {
  OpenChallenges open(nullptr, 1);
  open.add(challenge("vision", now, now + 1), now);
  open.add(challenge("vision", now, now + 1), now);
  EXPECT_EQ(open.list("", 10, now).size(), 1U);
  EXPECT_TRUE(open.list("", 10, now + 1).empty());
}

}  // namespace
}  // namespace l402d::gateway
