#include "store_fixture.hpp"

namespace l402d::store::testing {
namespace {

using Outcome = Claim::Outcome;

StoredResult result(const std::string& body, int status = 200) {
  StoredResult r;
  r.status = status;
  r.content_type = "audio/mpeg";
  r.body.assign(body.begin(), body.end());
  return r;
}

class Tokens : public StoreTest {
 protected:
  void SetUp() override { store = open(); }
  std::unique_ptr<SqliteStore> store;
};

TEST_F(Tokens, UnknownTokenIsNulloptAndCannotTransition) {
  EXPECT_EQ(store->find_token(hash_of("nope")), std::nullopt);
  EXPECT_FALSE(store->complete_token(hash_of("nope"), result("x"), 1));
  EXPECT_FALSE(store->fail_token(hash_of("nope"), "boom", 1));
  EXPECT_EQ(store->find_token(hash_of("nope")), std::nullopt);
}

TEST_F(Tokens, RecordIssuedStoresTheRecord) {
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

TEST_F(Tokens, IssuedThenPaid) {
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

TEST_F(Tokens, MarkPaidWithoutIssuedRowCreatesItAndIsIdempotent) {
  auto t = token("a");
  store->mark_token_paid(t, 150);
  store->mark_token_paid(t, 160);
  auto found = store->find_token(t.token_id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->state, TokenState::paid);
  EXPECT_EQ(found->request_hash, t.request_hash);
  EXPECT_EQ(found->created_at, 150);
}

TEST_F(Tokens, MarkPaidBindsAnUnboundTokenOnFirstUseOnly) {
  auto unbound = token("a", "");
  store->record_token_issued(unbound);
  EXPECT_EQ(store->find_token(unbound.token_id)->request_hash, Hash32{});
  store->mark_token_paid(token("a", "first"), 10);
  store->mark_token_paid(token("a", "second"), 11);
  EXPECT_EQ(store->find_token(unbound.token_id)->request_hash, hash_of("request:first"));
}

TEST_F(Tokens, RecordIssuedNeverMovesATokenBackwards) {
  auto t = token("a");
  store->mark_token_paid(t, 10);
  store->record_token_issued(t);
  EXPECT_EQ(store->find_token(t.token_id)->state, TokenState::paid);
}

TEST_F(Tokens, FullLifeIssuedPaidClaimedRedeemed) {
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

TEST_F(Tokens, ClaimCreatesTheRowWhenTheTokenWasNeverRecorded) {
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

TEST_F(Tokens, SecondClaimWhileLeaseIsLiveIsBusy) {
  auto t = token("a");
  ASSERT_EQ(store->claim_token(t, 100, 10).outcome, Outcome::claimed);
  auto second = store->claim_token(t, 109, 10);
  EXPECT_EQ(second.outcome, Outcome::busy);
  EXPECT_EQ(second.token.attempts, 1);
  EXPECT_EQ(store->find_token(t.token_id)->lease_until, 110);
}

TEST_F(Tokens, ExpiredLeaseIsTakenOverAndCountsAnAttempt) {
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

TEST_F(Tokens, DifferentRequestIsAMismatchInEveryState) {
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

TEST_F(Tokens, UnboundRequestToAnUnboundCallerIsAMismatchOnceBound) {
  auto bound = token("a", "first");
  ASSERT_EQ(store->claim_token(bound, 1, 10).outcome, Outcome::claimed);
  EXPECT_EQ(store->claim_token(token("a", ""), 20, 10).outcome, Outcome::request_mismatch);
}

TEST_F(Tokens, ClaimBindsAnUnboundToken) {
  auto unbound = token("a", "");
  store->mark_token_paid(unbound, 1);
  ASSERT_EQ(store->claim_token(token("a", "first"), 2, 10).outcome, Outcome::claimed);
  EXPECT_EQ(store->find_token(unbound.token_id)->request_hash, hash_of("request:first"));
}

TEST_F(Tokens, FailedTokenKeepsTheErrorAndCanBeClaimedAgain) {
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

TEST_F(Tokens, CompleteAndFailNeedAnInProgressToken) {
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

TEST_F(Tokens, RedeemedIsTerminal) {
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

TEST_F(Tokens, MarkPaidDoesNotDisturbAClaimedToken) {
  auto t = token("a");
  ASSERT_EQ(store->claim_token(t, 1, 60).outcome, Outcome::claimed);
  store->mark_token_paid(t, 2);
  auto stored = store->find_token(t.token_id);
  EXPECT_EQ(stored->state, TokenState::in_progress);
  EXPECT_EQ(stored->lease_until, 61);
}

TEST_F(Tokens, BinaryBodiesSurviveIntact) {
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

TEST_F(Tokens, EmptyBodyIsAResultNotAMissingOne) {
  auto t = token("a");
  ASSERT_EQ(store->claim_token(t, 1, 60).outcome, Outcome::claimed);
  ASSERT_TRUE(store->complete_token(t.token_id, result("", 204), 2));
  auto replay = store->claim_token(t, 3, 60);
  EXPECT_EQ(replay.outcome, Outcome::redeemed);
  ASSERT_TRUE(replay.result);
  EXPECT_TRUE(replay.result->body.empty());
}

TEST_F(Tokens, PurgeDropsOldResultsOnly) {
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

}  // namespace
}  // namespace l402d::store::testing
