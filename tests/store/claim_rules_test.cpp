// The token rules alone (claim_rules.hpp): no database, every branch.

#include "store/claim_rules.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace l402d::store::testing {
namespace {

using Outcome = Claim::Outcome;
constexpr std::int64_t kNow = 1'000;
constexpr std::int64_t kLease = 60;

// What a caller asks with: identity, binding and price; the rest is ignored.
TokenRecord request(const std::string& binding = "request", std::uint64_t price_msat = 100'000) {
  auto t = token("a", binding);
  t.price_msat = price_msat;
  t.state = TokenState::redeemed;  // must not leak into what is written
  t.attempts = 99;
  t.last_error = "ignored";
  return t;
}

TokenRecord row(TokenState state, const std::string& binding = "request") {
  auto t = token("a", binding);
  t.state = state;
  t.attempts = 2;
  t.created_at = 10;
  t.updated_at = 20;
  t.price_msat = 1;
  if (state == TokenState::in_progress) t.lease_until = kNow + 1;
  if (state == TokenState::failed) t.last_error = "engine_failed";
  return t;
}

TEST(ClaimRules, UnknownTokenIsInsertedInProgressWithOneAttempt) {
  const auto d = decide_claim(std::nullopt, request(), kNow, kLease);
  EXPECT_EQ(d.outcome, Outcome::claimed);
  EXPECT_EQ(d.write, RowWrite::insert);
  EXPECT_EQ(d.token.token_id, token("a").token_id);
  EXPECT_EQ(d.token.payment_hash, token("a").payment_hash);
  EXPECT_EQ(d.token.service, "music");
  EXPECT_EQ(d.token.request_hash, hash_of("request:request"));
  EXPECT_EQ(d.token.state, TokenState::in_progress);
  EXPECT_EQ(d.token.attempts, 1);
  EXPECT_EQ(d.token.created_at, kNow);
  EXPECT_EQ(d.token.updated_at, kNow);
  EXPECT_EQ(d.token.lease_until, kNow + kLease);
  EXPECT_EQ(d.token.last_error, "");
  EXPECT_EQ(d.token.price_msat, 100'000u);
}

TEST(ClaimRules, RequestMismatchIsCheckedBeforeTheState) {
  for (auto state : {TokenState::issued, TokenState::paid, TokenState::in_progress,
                     TokenState::redeemed, TokenState::failed}) {
    const auto existing = row(state, "first");
    const auto d = decide_claim(existing, request("second"), kNow, kLease);
    EXPECT_EQ(d.outcome, Outcome::request_mismatch) << to_string(state);
    EXPECT_EQ(d.write, RowWrite::none) << to_string(state);
    EXPECT_EQ(d.token.request_hash, hash_of("request:first")) << to_string(state);
    EXPECT_EQ(d.token.attempts, 2) << to_string(state);
  }
}

TEST(ClaimRules, AnUnboundCallerIsAMismatchForABoundToken) {
  const auto d = decide_claim(row(TokenState::paid, "first"), request(""), kNow, kLease);
  EXPECT_EQ(d.outcome, Outcome::request_mismatch);
  EXPECT_EQ(d.write, RowWrite::none);
}

TEST(ClaimRules, RedeemedAsksForTheStoredResultAndWritesNothing) {
  const auto d = decide_claim(row(TokenState::redeemed), request(), kNow, kLease);
  EXPECT_EQ(d.outcome, Outcome::redeemed);
  EXPECT_EQ(d.write, RowWrite::none);
  EXPECT_EQ(d.token.state, TokenState::redeemed);
  EXPECT_EQ(d.token.price_msat, 1u);
}

TEST(ClaimRules, ALiveLeaseIsBusy) {
  auto existing = row(TokenState::in_progress);
  existing.lease_until = kNow + 1;
  const auto d = decide_claim(existing, request(), kNow, kLease);
  EXPECT_EQ(d.outcome, Outcome::busy);
  EXPECT_EQ(d.write, RowWrite::none);
  EXPECT_EQ(d.token.lease_until, kNow + 1);
  EXPECT_EQ(d.token.attempts, 2);
}

TEST(ClaimRules, ALeaseEndingNowIsTakenOverAndCountsAnAttempt) {
  auto existing = row(TokenState::in_progress);
  existing.lease_until = kNow;
  const auto d = decide_claim(existing, request(), kNow, kLease);
  EXPECT_EQ(d.outcome, Outcome::claimed);
  EXPECT_EQ(d.write, RowWrite::update);
  EXPECT_EQ(d.token.attempts, 3);
  EXPECT_EQ(d.token.lease_until, kNow + kLease);
  EXPECT_EQ(d.token.updated_at, kNow);
}

TEST(ClaimRules, IssuedPaidAndFailedAreClaimedWithOneMoreAttempt) {
  for (auto state : {TokenState::issued, TokenState::paid, TokenState::failed}) {
    const auto d = decide_claim(row(state), request(), kNow, kLease);
    EXPECT_EQ(d.outcome, Outcome::claimed) << to_string(state);
    EXPECT_EQ(d.write, RowWrite::update) << to_string(state);
    EXPECT_EQ(d.token.state, TokenState::in_progress) << to_string(state);
    EXPECT_EQ(d.token.attempts, 3) << to_string(state);
    EXPECT_EQ(d.token.created_at, 10) << "creation time is kept";
    EXPECT_EQ(d.token.updated_at, kNow);
    EXPECT_EQ(d.token.lease_until, kNow + kLease);
    EXPECT_EQ(d.token.last_error, "") << to_string(state);
    EXPECT_EQ(d.token.price_msat, 100'000u) << "the claim records the requested price";
  }
}

TEST(ClaimRules, AClaimBindsAnUnboundToken) {
  const auto d = decide_claim(row(TokenState::paid, ""), request("first"), kNow, kLease);
  EXPECT_EQ(d.outcome, Outcome::claimed);
  EXPECT_EQ(d.token.request_hash, hash_of("request:first"));
}

TEST(PaymentRules, UnknownTokenIsInsertedPaid) {
  const auto d = decide_paid(std::nullopt, request(), kNow);
  EXPECT_EQ(d.write, RowWrite::insert);
  EXPECT_EQ(d.token.state, TokenState::paid);
  EXPECT_EQ(d.token.attempts, 0);
  EXPECT_EQ(d.token.created_at, kNow);
  EXPECT_EQ(d.token.updated_at, kNow);
  EXPECT_EQ(d.token.lease_until, 0);
  EXPECT_EQ(d.token.last_error, "");
  EXPECT_EQ(d.token.price_msat, 100'000u);
}

TEST(PaymentRules, IssuedAdvancesToPaidWithTheRequestedPrice) {
  const auto d = decide_paid(row(TokenState::issued), request(), kNow);
  EXPECT_EQ(d.write, RowWrite::update);
  EXPECT_EQ(d.token.state, TokenState::paid);
  EXPECT_EQ(d.token.created_at, 10);
  EXPECT_EQ(d.token.updated_at, kNow);
  EXPECT_EQ(d.token.price_msat, 100'000u);
}

TEST(PaymentRules, OnlyTheFirstBindingOfAnUnboundTokenCounts) {
  auto bound = decide_paid(row(TokenState::paid, ""), request("first"), kNow);
  EXPECT_EQ(bound.write, RowWrite::update);
  EXPECT_EQ(bound.token.request_hash, hash_of("request:first"));
  EXPECT_EQ(decide_paid(bound.token, request("second"), kNow).write, RowWrite::none);
  EXPECT_EQ(decide_paid(row(TokenState::paid, ""), request(""), kNow).write, RowWrite::none);
  auto issued = decide_paid(row(TokenState::issued, "first"), request("second"), kNow);
  EXPECT_EQ(issued.token.request_hash, hash_of("request:first"));
}

TEST(PaymentRules, TokensFurtherAlongAreLeftAlone) {
  for (auto state : {TokenState::in_progress, TokenState::redeemed, TokenState::failed}) {
    EXPECT_EQ(decide_paid(row(state, ""), request(), kNow).write, RowWrite::none)
        << to_string(state);
  }
}

TEST(IssueRules, OnlyANewTokenIsWrittenAsIssued) {
  auto asked = request();
  asked.created_at = 100;
  asked.updated_at = 50;
  const auto d = decide_issued(std::nullopt, asked);
  EXPECT_EQ(d.write, RowWrite::insert);
  EXPECT_EQ(d.token.state, TokenState::issued);
  EXPECT_EQ(d.token.attempts, 0);
  EXPECT_EQ(d.token.created_at, 100);
  EXPECT_EQ(d.token.updated_at, 100) << "never before creation";
  EXPECT_EQ(d.token.last_error, "");
  EXPECT_EQ(d.token.price_msat, 100'000u);
  EXPECT_EQ(decide_issued(row(TokenState::paid), asked).write, RowWrite::none);
}

TEST(ClaimRules, AnAllZeroRequestHashIsUnbound) {
  EXPECT_FALSE(is_bound(Hash32{}));
  Hash32 h{};
  h[31] = 1;
  EXPECT_TRUE(is_bound(h));
}

}  // namespace
}  // namespace l402d::store::testing
