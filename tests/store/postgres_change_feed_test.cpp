// Other instances' token changes through LISTEN/NOTIFY: an instance hears
// that another completed or failed a token as soon as it commits, not what
// was merely attempted, and hears again after its listening connection is
// killed.

#include "store/postgres_change_feed.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "postgres_fixture.hpp"
#include "store/postgres_store.hpp"
#include "test_support.hpp"

namespace l402d::store::testing {
namespace {

using namespace std::chrono_literals;

// What a feed heard, waited for with a deadline.
class Heard {
 public:
  TokenChanged listener() {
    return [this](const Hash32& id) {
      std::lock_guard lock(mutex_);
      ids_.push_back(id);
      changed_.notify_all();
    };
  }
  bool wait_for(const Hash32& id, std::chrono::milliseconds within) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, within,
                             [&] { return std::find(ids_.begin(), ids_.end(), id) != ids_.end(); });
  }
  std::size_t count() {
    std::lock_guard lock(mutex_);
    return ids_.size();
  }
  // Nothing more heard for a while after `before` notices.
  bool quiet_since(std::size_t before) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return count() == before;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Hash32> ids_;
};

class PostgresChangeFeedTest : public ::testing::Test {
 protected:
  std::unique_ptr<PostgresStore> open() {
    return std::make_unique<PostgresStore>(postgres_options(dir_.path(), 2), "");
  }
  TempDir dir_;
};

// A token claimed and completed at `store`.
void finish(Store& store, const TokenRecord& t) {
  ASSERT_EQ(store.claim_token(t, 10, 60).outcome, Claim::Outcome::claimed);
  ASSERT_TRUE(store.complete_token(t.token_id, result("ok"), 11));
}

TEST_F(PostgresChangeFeedTest, AnInstanceHearsAnotherCompleteOrFailAToken) {
  auto here = open();
  auto there = open();
  Heard heard;
  auto feed = here->watch_token_changes(heard.listener());
  ASSERT_NE(feed, nullptr);

  const auto done = token("feed-done");
  ASSERT_EQ(there->claim_token(done, 10, 60).outcome, Claim::Outcome::claimed);
  EXPECT_FALSE(heard.wait_for(done.token_id, 200ms)) << "a claim is not an end";
  ASSERT_TRUE(there->complete_token(done.token_id, result("ok"), 11));
  EXPECT_TRUE(heard.wait_for(done.token_id, 5s));

  const auto failed = token("feed-failed");
  ASSERT_EQ(there->claim_token(failed, 10, 60).outcome, Claim::Outcome::claimed);
  ASSERT_TRUE(there->fail_token(failed.token_id, "engine_down", 11));
  EXPECT_TRUE(heard.wait_for(failed.token_id, 5s));

  const auto before = heard.count();
  EXPECT_FALSE(there->complete_token(done.token_id, result("again"), 12));
  EXPECT_TRUE(heard.quiet_since(before)) << "a completion that changed nothing is not announced";
}

TEST_F(PostgresChangeFeedTest, AnInstanceHearsAnotherSettleAnInvoice) {
  auto here = open();
  auto there = open();
  Heard heard;
  auto feed = here->watch_invoice_settlements(heard.listener());
  ASSERT_NE(feed, nullptr);
  const auto open_invoice = invoice("feed");
  there->insert_invoice(open_invoice);
  const auto& hash = open_invoice.payment_hash;
  EXPECT_FALSE(heard.wait_for(hash, 200ms)) << "an open invoice is no news";
  ASSERT_TRUE(there->settle_invoice(hash, open_invoice.created_at + 1));
  EXPECT_TRUE(heard.wait_for(hash, 5s));
  const auto before = heard.count();
  EXPECT_FALSE(there->settle_invoice(hash, open_invoice.created_at + 2));
  EXPECT_TRUE(heard.quiet_since(before)) << "a settlement that changed nothing is not announced";
}

// A listener that throws (a store read during an outage) is logged; the feed
// thread goes on and the process with it.
TEST_F(PostgresChangeFeedTest, AListenerThatThrowsDoesNotStopTheFeed) {
  auto here = open();
  auto there = open();
  Heard heard;
  auto record = heard.listener();
  bool thrown = false;
  auto feed = here->watch_token_changes([&](const Hash32& id) {
    if (!std::exchange(thrown, true)) throw StoreError(StoreError::Kind::unavailable, "down");
    record(id);
  });
  finish(*there, token("throws"));
  finish(*there, token("heard"));
  EXPECT_TRUE(heard.wait_for(token("heard").token_id, 5s));
  EXPECT_TRUE(thrown);
}

TEST_F(PostgresChangeFeedTest, AKilledListeningConnectionIsReopened) {
  auto here = open();
  auto there = open();
  Heard heard;
  auto feed = here->watch_token_changes(heard.listener());
  pg_cluster().sql(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'",
      SharedCluster::get().database_for(dir_.path()));
  // Changes made while the feed is away are the fallback poll's to find;
  // those made once it is back are heard again.
  bool heard_again = false;
  for (int i = 0; i < 40 && !heard_again; ++i) {
    const auto t = token("after-kill-" + std::to_string(i));
    there->claim_token(t, 10, 60);
    there->complete_token(t.token_id, result("ok"), 11);
    heard_again = heard.wait_for(t.token_id, 250ms);
  }
  EXPECT_TRUE(heard_again);
}

}  // namespace
}  // namespace l402d::store::testing
