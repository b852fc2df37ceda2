// The token ledger's contract (store_contract.hpp): each token's life, the
// claim outcomes, stored results and prices.

#include <limits>

#include "store_contract.hpp"

namespace l402d::store::testing {
namespace {

using Outcome = Claim::Outcome;

TokenRecord priced(const std::string& label, std::uint64_t price_msat,
                   const std::string& request = "request") {
  auto t = token(label, request);
  t.price_msat = price_msat;
  return t;
}

TEST_P(Tokens, UnknownTokenIsNulloptAndCannotTransition) {
  EXPECT_EQ(store->find_token(hash_of("nope")), std::nullopt);
  EXPECT_FALSE(store->complete_token(hash_of("nope"), result("x"), 1));
  EXPECT_FALSE(store->fail_token(hash_of("nope"), "boom", 1));
  EXPECT_EQ(store->find_token(hash_of("nope")), std::nullopt);
}

TEST_P(Tokens, RecordIssuedStoresTheRecord) {
  auto t = token("a");
  t.created_at = 100;
  store->record_token_issued(t);
  auto found = store->find_token(t.token_id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->state, TokenState::issued);
  EXPECT_EQ(found->payment_hash, t.payment_hash);
  EXPECT_EQ(found->service, "music");
  EXPECT_EQ(found->request_hash, t.request_hash);
  EXPECT_EQ(found->attempts, 0);
  EXPECT_EQ(found->created_at, 100);
  EXPECT_EQ(found->updated_at, 100);
}

TEST_P(Tokens, IssuedThenPaid) {
  auto t = token("a");
  t.created_at = 100;
  store->record_token_issued(t);
  store->mark_token_paid(t, 150);
  auto found = store->find_token(t.token_id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->state, TokenState::paid);
  EXPECT_EQ(found->created_at, 100);
  EXPECT_EQ(found->updated_at, 150);
}

TEST_P(Tokens, MarkPaidWithoutIssuedRowCreatesItAndIsIdempotent) {
  auto t = token("a");
  store->mark_token_paid(t, 150);
  store->mark_token_paid(t, 160);
  auto found = store->find_token(t.token_id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->state, TokenState::paid);
  EXPECT_EQ(found->request_hash, t.request_hash);
  EXPECT_EQ(found->created_at, 150);
}

TEST_P(Tokens, MarkPaidBindsAnUnboundTokenOnFirstUseOnly) {
  auto unbound = token("a", "");
  store->record_token_issued(unbound);
  EXPECT_EQ(store->find_token(unbound.token_id)->request_hash, Hash32{});
  store->mark_token_paid(token("a", "first"), 10);
  store->mark_token_paid(token("a", "second"), 11);
  EXPECT_EQ(store->find_token(unbound.token_id)->request_hash, hash_of("request:first"));
}

TEST_P(Tokens, RecordIssuedNeverMovesATokenBackwards) {
  auto t = token("a");
  store->mark_token_paid(t, 10);
  store->record_token_issued(t);
  EXPECT_EQ(store->find_token(t.token_id)->state, TokenState::paid);
}

TEST_P(Tokens, FullLifeIssuedPaidClaimedRedeemed) {
  auto t = token("a");
  store->record_token_issued(t);
  store->mark_token_paid(t, 10);
  auto claim = store->claim_token(t, 20, 60);
  EXPECT_EQ(claim.outcome, Outcome::claimed);
  EXPECT_EQ(claim.token.state, TokenState::in_progress);
  EXPECT_EQ(claim.token.attempts, 1);
  EXPECT_EQ(claim.token.lease_until, 80);
  EXPECT_FALSE(claim.result);
  auto stored = store->find_token(t.token_id);
  EXPECT_EQ(stored->state, TokenState::in_progress);
  EXPECT_EQ(stored->lease_until, 80);

  EXPECT_TRUE(store->complete_token(t.token_id, result("song", 201), 30));
  EXPECT_EQ(store->find_token(t.token_id)->state, TokenState::redeemed);

  auto replay = store->claim_token(t, 40, 60);
  EXPECT_EQ(replay.outcome, Outcome::redeemed);
  ASSERT_TRUE(replay.result);
  EXPECT_EQ(replay.result->status, 201);
  EXPECT_EQ(replay.result->content_type, "audio/mpeg");
  EXPECT_EQ(std::string(replay.result->body.begin(), replay.result->body.end()), "song");
  EXPECT_EQ(replay.result->stored_at, 30);
  EXPECT_EQ(replay.token.state, TokenState::redeemed);
  EXPECT_EQ(store->find_token(t.token_id)->attempts, 1);
}

TEST_P(Tokens, ClaimCreatesTheRowWhenTheTokenWasNeverRecorded) {
  auto t = token("a");
  auto claim = store->claim_token(t, 20, 60);
  EXPECT_EQ(claim.outcome, Outcome::claimed);
  auto stored = store->find_token(t.token_id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->state, TokenState::in_progress);
  EXPECT_EQ(stored->request_hash, t.request_hash);
  EXPECT_EQ(stored->payment_hash, t.payment_hash);
  EXPECT_EQ(stored->attempts, 1);
}

TEST_P(Tokens, SecondClaimWhileLeaseIsLiveIsBusy) {
  auto t = token("a");
  ASSERT_EQ(store->claim_token(t, 100, 10).outcome, Outcome::claimed);
  auto second = store->claim_token(t, 109, 10);
  EXPECT_EQ(second.outcome, Outcome::busy);
  EXPECT_EQ(second.token.attempts, 1);
  EXPECT_EQ(store->find_token(t.token_id)->lease_until, 110);
}

TEST_P(Tokens, ExpiredLeaseIsTakenOverAndCountsAnAttempt) {
  auto t = token("a");
  ASSERT_EQ(store->claim_token(t, 100, 10).outcome, Outcome::claimed);
  auto takeover = store->claim_token(t, 110, 10);
  EXPECT_EQ(takeover.outcome, Outcome::claimed);
  EXPECT_EQ(takeover.token.attempts, 2);
  EXPECT_EQ(takeover.token.lease_until, 120);
  auto stored = store->find_token(t.token_id);
  EXPECT_EQ(stored->attempts, 2);
  EXPECT_EQ(stored->lease_until, 120);
  EXPECT_EQ(store->claim_token(t, 115, 10).outcome, Outcome::busy);
}

TEST_P(Tokens, DifferentRequestIsAMismatchInEveryState) {
  auto t = token("a", "first");
  auto other = token("a", "second");
  store->mark_token_paid(t, 1);
  EXPECT_EQ(store->claim_token(other, 2, 10).outcome, Outcome::request_mismatch);
  ASSERT_EQ(store->claim_token(t, 3, 10).outcome, Outcome::claimed);
  EXPECT_EQ(store->claim_token(other, 4, 10).outcome, Outcome::request_mismatch);
  ASSERT_TRUE(store->complete_token(t.token_id, result("secret song"), 5));
  auto mismatch = store->claim_token(other, 6, 10);
  EXPECT_EQ(mismatch.outcome, Outcome::request_mismatch);
  EXPECT_FALSE(mismatch.result) << "another request must not receive the stored result";
  EXPECT_EQ(store->find_token(t.token_id)->request_hash, hash_of("request:first"));
}

TEST_P(Tokens, UnboundRequestToAnUnboundCallerIsAMismatchOnceBound) {
  auto bound = token("a", "first");
  ASSERT_EQ(store->claim_token(bound, 1, 10).outcome, Outcome::claimed);
  EXPECT_EQ(store->claim_token(token("a", ""), 20, 10).outcome, Outcome::request_mismatch);
}

TEST_P(Tokens, ClaimBindsAnUnboundToken) {
  auto unbound = token("a", "");
  store->mark_token_paid(unbound, 1);
  ASSERT_EQ(store->claim_token(token("a", "first"), 2, 10).outcome, Outcome::claimed);
  EXPECT_EQ(store->find_token(unbound.token_id)->request_hash, hash_of("request:first"));
}

TEST_P(Tokens, FailedTokenKeepsTheErrorAndCanBeClaimedAgain) {
  auto t = token("a");
  ASSERT_EQ(store->claim_token(t, 10, 60).outcome, Outcome::claimed);
  EXPECT_TRUE(store->fail_token(t.token_id, "engine_failed", 20));
  auto failed = store->find_token(t.token_id);
  EXPECT_EQ(failed->state, TokenState::failed);
  EXPECT_EQ(failed->last_error, "engine_failed");
  EXPECT_EQ(failed->lease_until, 0);

  auto again = store->claim_token(t, 30, 60);
  EXPECT_EQ(again.outcome, Outcome::claimed);
  EXPECT_EQ(again.token.attempts, 2);
  EXPECT_EQ(again.token.last_error, "");
  EXPECT_TRUE(store->complete_token(t.token_id, result("ok"), 40));
  EXPECT_EQ(store->claim_token(t, 50, 60).outcome, Outcome::redeemed);
}

TEST_P(Tokens, CompleteAndFailNeedAnInProgressToken) {
  auto t = token("a");
  store->record_token_issued(t);
  EXPECT_FALSE(store->complete_token(t.token_id, result("x"), 1));
  EXPECT_FALSE(store->fail_token(t.token_id, "x", 1));
  EXPECT_EQ(store->find_token(t.token_id)->state, TokenState::issued);

  store->mark_token_paid(t, 2);
  EXPECT_FALSE(store->complete_token(t.token_id, result("x"), 3));
  EXPECT_FALSE(store->fail_token(t.token_id, "x", 3));
  EXPECT_EQ(store->find_token(t.token_id)->state, TokenState::paid);

  ASSERT_EQ(store->claim_token(t, 4, 60).outcome, Outcome::claimed);
  ASSERT_TRUE(store->fail_token(t.token_id, "first", 5));
  EXPECT_FALSE(store->fail_token(t.token_id, "second", 6));
  EXPECT_FALSE(store->complete_token(t.token_id, result("x"), 6));
  EXPECT_EQ(store->find_token(t.token_id)->last_error, "first");
  EXPECT_EQ(store->claim_token(t, 7, 60).outcome, Outcome::claimed);
}

TEST_P(Tokens, RedeemedIsTerminal) {
  auto t = token("a");
  ASSERT_EQ(store->claim_token(t, 1, 60).outcome, Outcome::claimed);
  ASSERT_TRUE(store->complete_token(t.token_id, result("first"), 2));
  EXPECT_FALSE(store->complete_token(t.token_id, result("second"), 3));
  EXPECT_FALSE(store->fail_token(t.token_id, "late", 3));
  store->mark_token_paid(t, 4);
  store->record_token_issued(t);
  EXPECT_EQ(store->find_token(t.token_id)->state, TokenState::redeemed);
  auto replay = store->claim_token(t, 5, 60);
  ASSERT_EQ(replay.outcome, Outcome::redeemed);
  EXPECT_EQ(std::string(replay.result->body.begin(), replay.result->body.end()), "first");
}

TEST_P(Tokens, MarkPaidDoesNotDisturbAClaimedToken) {
  auto t = token("a");
  ASSERT_EQ(store->claim_token(t, 1, 60).outcome, Outcome::claimed);
  store->mark_token_paid(t, 2);
  auto stored = store->find_token(t.token_id);
  EXPECT_EQ(stored->state, TokenState::in_progress);
  EXPECT_EQ(stored->lease_until, 61);
}

TEST_P(Tokens, BinaryBodiesSurviveIntact) {
  auto t = token("a");
  StoredResult r;
  r.content_type = "application/octet-stream";
  for (int i = 0; i < 70'000; ++i)
    r.body.push_back(static_cast<std::uint8_t>(i * 7));
  r.body[10] = 0;
  ASSERT_EQ(store->claim_token(t, 1, 60).outcome, Outcome::claimed);
  ASSERT_TRUE(store->complete_token(t.token_id, r, 2));
  auto replay = store->claim_token(t, 3, 60);
  ASSERT_TRUE(replay.result);
  EXPECT_EQ(replay.result->body, r.body);
}

TEST_P(Tokens, EmptyBodyIsAResultNotAMissingOne) {
  auto t = token("a");
  ASSERT_EQ(store->claim_token(t, 1, 60).outcome, Outcome::claimed);
  ASSERT_TRUE(store->complete_token(t.token_id, result("", 204), 2));
  auto replay = store->claim_token(t, 3, 60);
  EXPECT_EQ(replay.outcome, Outcome::redeemed);
  ASSERT_TRUE(replay.result);
  EXPECT_TRUE(replay.result->body.empty());
}

TEST_P(Tokens, PurgeDropsOldResultsOnly) {
  auto old_token = token("old");
  auto new_token = token("new");
  ASSERT_EQ(store->claim_token(old_token, 90, 60).outcome, Outcome::claimed);
  ASSERT_TRUE(store->complete_token(old_token.token_id, result("old"), 100));
  ASSERT_EQ(store->claim_token(new_token, 190, 60).outcome, Outcome::claimed);
  ASSERT_TRUE(store->complete_token(new_token.token_id, result("new"), 200));

  EXPECT_EQ(store->purge_results(100), 0u) << "the cut-off is exclusive";
  EXPECT_EQ(store->purge_results(150), 1u);
  EXPECT_EQ(store->purge_results(150), 0u);

  auto expired = store->claim_token(old_token, 300, 60);
  EXPECT_EQ(expired.outcome, Outcome::expired_result);
  EXPECT_FALSE(expired.result);
  EXPECT_EQ(store->find_token(old_token.token_id)->state, TokenState::redeemed);
  EXPECT_EQ(store->claim_token(new_token, 300, 60).outcome, Outcome::redeemed);
}

TEST_P(Tokens, EveryWayOfCreatingARowStoresThePrice) {
  store->record_token_issued(priced("issued", 1'000));
  store->mark_token_paid(priced("paid", 2'000), 1);
  auto claim = store->claim_token(priced("claimed", 3'000), 1, 60);
  EXPECT_EQ(claim.token.price_msat, 3'000u);
  EXPECT_EQ(store->find_token(token("issued").token_id)->price_msat, 1'000u);
  EXPECT_EQ(store->find_token(token("paid").token_id)->price_msat, 2'000u);
  EXPECT_EQ(store->find_token(token("claimed").token_id)->price_msat, 3'000u);
}

TEST_P(Tokens, PayingAndClaimingAKnownTokenStoreTheRequestedPrice) {
  store->record_token_issued(priced("a", 0));
  store->mark_token_paid(priced("a", 100'000), 1);
  EXPECT_EQ(store->find_token(token("a").token_id)->price_msat, 100'000u);
  auto claim = store->claim_token(priced("a", 200'000), 2, 60);
  ASSERT_EQ(claim.outcome, Outcome::claimed);
  EXPECT_EQ(claim.token.price_msat, 200'000u);
  EXPECT_EQ(store->find_token(token("a").token_id)->price_msat, 200'000u);
}

TEST_P(Tokens, OnlyAClaimThatWinsChangesThePrice) {
  ASSERT_EQ(store->claim_token(priced("a", 100'000, "first"), 1, 60).outcome, Outcome::claimed);
  EXPECT_EQ(store->claim_token(priced("a", 5, "first"), 2, 60).outcome, Outcome::busy);
  EXPECT_EQ(store->claim_token(priced("a", 6, "second"), 2, 60).outcome, Outcome::request_mismatch);
  ASSERT_TRUE(store->complete_token(token("a").token_id, result("song"), 3));
  EXPECT_EQ(store->claim_token(priced("a", 7, "first"), 4, 60).outcome, Outcome::redeemed);
  store->mark_token_paid(priced("a", 8, "first"), 5);
  EXPECT_EQ(store->find_token(token("a").token_id)->price_msat, 100'000u);
}

TEST_P(Tokens, PriceBeyondBigintIsRejectedAndNothingIsWritten) {
  const auto too_much = std::numeric_limits<std::uint64_t>::max();
  EXPECT_THROW(store->claim_token(priced("a", too_much), 1, 60), std::invalid_argument);
  EXPECT_THROW(store->mark_token_paid(priced("b", too_much), 1), std::invalid_argument);
  EXPECT_THROW(store->record_token_issued(priced("c", too_much)), std::invalid_argument);
  for (const char* label : {"a", "b", "c"})
    EXPECT_EQ(store->find_token(token(label).token_id), std::nullopt) << label;
  const auto most = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  ASSERT_EQ(store->claim_token(priced("d", most), 1, 60).outcome, Outcome::claimed);
  EXPECT_EQ(store->find_token(token("d").token_id)->price_msat, most);
}

TEST_P(Tokens, UsesAreTakenUpToTheLimitAndCreateThePaidRow) {
  const auto t = priced("uses", 5'000);
  for (std::uint32_t i = 1; i <= 3; ++i) {
    const auto take = store->take_use(t, 3, 10);
    EXPECT_TRUE(take.taken) << i;
    EXPECT_EQ(take.used, i);
  }
  const auto refused = store->take_use(t, 3, 11);
  EXPECT_FALSE(refused.taken);
  EXPECT_EQ(refused.used, 3u);
  auto row = store->find_token(t.token_id);
  ASSERT_TRUE(row);
  EXPECT_EQ(row->state, TokenState::paid);
  EXPECT_EQ(row->price_msat, 5'000u);
}

TEST_P(Tokens, AReturnedUseCanBeTakenAgainButNeverGoesBelowZero) {
  const auto t = priced("returned", 1'000);
  ASSERT_TRUE(store->take_use(t, 1, 10).taken);
  EXPECT_FALSE(store->take_use(t, 1, 10).taken);
  store->return_use(t.token_id, 11);
  EXPECT_TRUE(store->take_use(t, 1, 12).taken);
  store->return_use(t.token_id, 13);
  store->return_use(t.token_id, 13);
  EXPECT_EQ(store->take_use(t, 2, 14).used, 1u) << "two returns of one use give back one";
  store->return_use(hash_of("never seen"), 15);  // no row: nothing to give back
  EXPECT_EQ(store->find_token(hash_of("never seen")), std::nullopt);
}

}  // namespace
}  // namespace l402d::store::testing
