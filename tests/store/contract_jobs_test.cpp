// The contract of JobStore: a job's row keeps the paid request whole, its
// progress and callback state change in place, and a job counts as orphaned
// exactly while its token is in_progress under a lease that has run out.

#include "store_contract.hpp"

namespace l402d::store::testing {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

JobRecord job_for(const TokenRecord& t, const std::string& id) {
  JobRecord j;
  j.job_id = id;
  j.token_id = t.token_id;
  j.service = t.service;
  j.method = "POST";
  j.target = "/api/l402/music?async=true";
  j.content_type = "application/json";
  // A NUL and a byte that is not UTF-8: the body is kept as bytes.
  static constexpr char kBody[] = "{\"prompt\":\"x\",\"bin\":\"\0\xff\"}";
  j.body.assign(kBody, sizeof kBody - 1);
  j.callback_url = "https://example.com/hook";
  j.callback = CallbackState::pending;
  j.created_at = j.updated_at = kNow;
  return j;
}

TEST_P(Jobs, AJobKeepsItsRequestWhole) {
  const auto t = token("a");
  const auto j = job_for(t, "aaaa");
  store->create_job(j);
  const auto found = store->find_job("aaaa");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->token_id, t.token_id);
  EXPECT_EQ(found->service, "music");
  EXPECT_EQ(found->method, "POST");
  EXPECT_EQ(found->target, j.target);
  EXPECT_EQ(found->content_type, "application/json");
  EXPECT_EQ(found->body, j.body);
  EXPECT_EQ(found->callback_url, j.callback_url);
  EXPECT_EQ(found->callback, CallbackState::pending);
  EXPECT_EQ(found->stage, "queued");
  EXPECT_EQ(found->percent, -1);
  EXPECT_EQ(store->find_job_for_token(t.token_id)->job_id, "aaaa");
  EXPECT_FALSE(store->find_job("bbbb"));
  EXPECT_FALSE(store->find_job_for_token(token("b").token_id));
}

TEST_P(Jobs, OneJobPerTokenStartedAgainUnderItsId) {
  const auto t = token("a");
  store->create_job(job_for(t, "aaaa"));
  EXPECT_THROW(store->create_job(job_for(t, "bbbb")), StoreError);
  store->set_job_error("aaaa", "engine_failed", "x", kNow + 1);
  store->set_job_callback("aaaa", CallbackState::gave_up, 6, kNow + 1);
  auto again = job_for(t, "aaaa");
  again.updated_at = kNow + 2;
  store->create_job(again);
  const auto j = *store->find_job("aaaa");
  EXPECT_TRUE(j.error_code.empty());
  EXPECT_EQ(j.callback, CallbackState::pending);
  EXPECT_EQ(j.callback_attempts, 0);
  EXPECT_EQ(j.created_at, kNow);
  EXPECT_EQ(j.updated_at, kNow + 2);
}

TEST_P(Jobs, ProgressErrorsAndCallbacksChangeInPlace) {
  const auto t = token("a");
  store->create_job(job_for(t, "aaaa"));
  store->set_job_progress("aaaa", {"queued", -1, 3}, kNow);
  EXPECT_EQ(store->find_job("aaaa")->queue_position, 3);
  store->set_job_progress("aaaa", {"running", 40, 0}, kNow + 1);
  store->set_job_error("aaaa", "engine_failed", "The engine failed.", kNow + 2);
  store->set_job_callback("aaaa", CallbackState::gave_up, 6, kNow + 3);
  const auto j = *store->find_job("aaaa");
  EXPECT_EQ(j.stage, "running");
  EXPECT_EQ(j.percent, 40);
  EXPECT_EQ(j.queue_position, 0);
  EXPECT_EQ(j.error_code, "engine_failed");
  EXPECT_EQ(j.error_message, "The engine failed.");
  EXPECT_EQ(j.callback, CallbackState::gave_up);
  EXPECT_EQ(j.callback_attempts, 6);
  EXPECT_EQ(j.updated_at, kNow + 3);
}

TEST_P(Jobs, AJobIsOrphanedWhenItsLeaseRunsOut) {
  const auto t = token("a");
  ASSERT_EQ(store->claim_token(t, kNow, 30).outcome, Claim::Outcome::claimed);
  store->create_job(job_for(t, "aaaa"));
  EXPECT_TRUE(store->orphaned_jobs(kNow + 29, 10).empty());
  ASSERT_EQ(store->orphaned_jobs(kNow + 31, 10).size(), 1U);
  EXPECT_EQ(store->orphaned_jobs(kNow + 31, 10)[0].job_id, "aaaa");
  // A live worker's renewal keeps it.
  EXPECT_TRUE(store->extend_lease(t.token_id, kNow + 60));
  EXPECT_TRUE(store->orphaned_jobs(kNow + 31, 10).empty());
  // Finished: neither orphaned nor renewable.
  ASSERT_TRUE(store->complete_token(t.token_id, result("done"), kNow + 40));
  EXPECT_TRUE(store->orphaned_jobs(kNow + 1000, 10).empty());
  EXPECT_FALSE(store->extend_lease(t.token_id, kNow + 100));
}

TEST_P(Jobs, CallbacksArePendingOnlyOnceTheWorkEnded) {
  const auto a = token("a");
  const auto b = token("b");
  ASSERT_EQ(store->claim_token(a, kNow, 30).outcome, Claim::Outcome::claimed);
  ASSERT_EQ(store->claim_token(b, kNow, 30).outcome, Claim::Outcome::claimed);
  store->create_job(job_for(a, "aaaa"));
  store->create_job(job_for(b, "bbbb"));
  EXPECT_TRUE(store->pending_callbacks(10).empty());
  ASSERT_TRUE(store->fail_token(a.token_id, "engine_failed", kNow + 1));
  ASSERT_TRUE(store->complete_token(b.token_id, result("done"), kNow + 1));
  EXPECT_EQ(store->pending_callbacks(10).size(), 2U);
  store->set_job_callback("aaaa", CallbackState::delivered, 1, kNow + 2);
  const auto pending = store->pending_callbacks(10);
  ASSERT_EQ(pending.size(), 1U);
  EXPECT_EQ(pending[0].job_id, "bbbb");
}

TEST_P(Jobs, OldJobsArePurged) {
  store->create_job(job_for(token("a"), "aaaa"));
  auto late = job_for(token("b"), "bbbb");
  late.created_at = kNow + 100;
  store->create_job(late);
  EXPECT_EQ(store->purge_jobs(kNow + 50), 1U);
  EXPECT_FALSE(store->find_job("aaaa"));
  EXPECT_TRUE(store->find_job("bbbb"));
}

}  // namespace
}  // namespace l402d::store::testing
