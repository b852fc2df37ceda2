#include "paywall/fixture.hpp"
#include "paywall/reusable_redemption.hpp"
#include "paywall/single_use_redemption.hpp"

namespace l402d::paywall {
namespace {

using Kind = Redemption::Kind;

PaidToken paid_token(testing::Paywall& p, const Offer& offer) {
  auto paid = p.authorizer.authorize(p.pay(p.issue(offer)), offer);
  EXPECT_TRUE(paid);
  return *paid;
}

TEST(SingleUseRedemption, RunsOnceThenReplaysTheStoredResult) {
  testing::Paywall p;
  SingleUseRedemption policy(*p.store, {60, 100});
  EXPECT_TRUE(policy.binds_request());
  auto token = paid_token(p, p.offer());
  EXPECT_EQ(policy.begin(token, p.now).kind, Kind::run);
  EXPECT_EQ(policy.begin(token, p.now).kind, Kind::busy) << "a second worker waits";
  auto stored = policy.finish(token, WorkResult{200, "application/json", R"({"ok":1})"}, p.now);
  ASSERT_TRUE(stored);
  auto again = policy.begin(token, p.now + 99);
  EXPECT_EQ(again.kind, Kind::replay);
  ASSERT_TRUE(again.result);
  EXPECT_EQ(std::string(again.result->body.begin(), again.result->body.end()), R"({"ok":1})");
  EXPECT_EQ(policy.begin(token, p.now + 100).kind, Kind::result_expired);
  EXPECT_EQ(p.store->find_token(token.token_id)->price_msat, 21'000u);
}

TEST(SingleUseRedemption, AFailureLeavesTheTokenRedeemable) {
  testing::Paywall p;
  SingleUseRedemption policy(*p.store, {60, 100});
  auto token = paid_token(p, p.offer());
  ASSERT_EQ(policy.begin(token, p.now).kind, Kind::run);
  EXPECT_FALSE(policy.finish(token, WorkFailure{"engine_down", "down", true}, p.now));
  EXPECT_EQ(p.store->find_token(token.token_id)->last_error, "engine_down");
  EXPECT_EQ(policy.begin(token, p.now).kind, Kind::run);
}

TEST(SingleUseRedemption, ATokenUsedForAnotherRequestIsAMismatch) {
  testing::Paywall p;
  SingleUseRedemption policy(*p.store, {60, 100});
  auto token = paid_token(p, p.offer());
  ASSERT_EQ(policy.begin(token, p.now).kind, Kind::run);
  auto other = token;
  other.request_hash = sha256(std::string_view("another request"));
  EXPECT_EQ(policy.begin(other, p.now).kind, Kind::request_mismatch);
}

TEST(SingleUseRedemption, ALeaseThatRanOutIsTakenOver) {
  testing::Paywall p;
  SingleUseRedemption policy(*p.store, {60, 100});
  auto token = paid_token(p, p.offer());
  ASSERT_EQ(policy.begin(token, p.now).kind, Kind::run);
  EXPECT_EQ(policy.begin(token, p.now + 59).kind, Kind::busy);
  EXPECT_EQ(policy.begin(token, p.now + 61).kind, Kind::run) << "the first worker crashed";
}

TEST(ReusableRedemption, EveryRequestRunsAndNothingIsStored) {
  testing::Paywall p;
  ReusableRedemption policy(p.store.get());
  EXPECT_FALSE(policy.binds_request());
  auto token = paid_token(p, p.offer("echo", false));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(policy.begin(token, p.now).kind, Kind::run);
    EXPECT_FALSE(policy.finish(token, WorkResult{200, "text/plain", "x"}, p.now));
  }
  auto row = p.store->find_token(token.token_id);
  ASSERT_TRUE(row) << "the first use is written, so revenue can be counted";
  EXPECT_EQ(row->state, store::TokenState::paid);
  EXPECT_EQ(row->price_msat, 21'000u);
}

TEST(ReusableRedemption, WithoutALedgerNothingBlocks) {
  testing::Paywall p;
  ReusableRedemption policy(nullptr);
  EXPECT_FALSE(policy.blocks());
  EXPECT_EQ(policy.begin(paid_token(p, p.offer("echo", false)), p.now).kind, Kind::run);
}

TEST(ReusableRedemption, ATokenSoldForThreeUsesServesThreeRequests) {
  testing::Paywall p;
  ReusableRedemption policy(p.store.get(), 3);
  auto token = paid_token(p, p.offer("echo", false));
  EXPECT_TRUE(policy.blocks_for(token)) << "every use is counted in the ledger";
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(policy.begin(token, p.now).kind, Kind::run) << i;
  EXPECT_EQ(policy.begin(token, p.now).kind, Kind::used_up);
}

TEST(ReusableRedemption, FailedWorkGivesItsUseBack) {
  testing::Paywall p;
  ReusableRedemption policy(p.store.get(), 1);
  auto token = paid_token(p, p.offer("echo", false));
  ASSERT_EQ(policy.begin(token, p.now).kind, Kind::run);
  const WorkOutcome failed = WorkFailure{"upstream_error", "502", true};
  EXPECT_TRUE(policy.finish_blocks(failed));
  policy.finish(token, failed, p.now);
  ASSERT_EQ(policy.begin(token, p.now).kind, Kind::run) << "the use came back";
  const WorkOutcome done = WorkResult{200, "text/plain", "x"};
  EXPECT_FALSE(policy.finish_blocks(done)) << "a success writes nothing";
  policy.finish(token, done, p.now);
  EXPECT_EQ(policy.begin(token, p.now).kind, Kind::used_up);
}

TEST(ReusableRedemption, UnlimitedUsesWriteOnlyTheFirstSight) {
  testing::Paywall p;
  ReusableRedemption policy(p.store.get());
  auto token = paid_token(p, p.offer("echo", false));
  EXPECT_TRUE(policy.blocks_for(token));
  ASSERT_EQ(policy.begin(token, p.now).kind, Kind::run);
  EXPECT_FALSE(policy.blocks_for(token)) << "later requests need no store call";
  EXPECT_FALSE(policy.finish_blocks(WorkFailure{"x", "y", true}));
}

}  // namespace
}  // namespace l402d::paywall
