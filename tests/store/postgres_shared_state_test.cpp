// What instances on one PostgreSQL database share besides the ledger: access
// counters (free uses, challenges per minute) and idempotency keys, through
// two stores as two instances would, on the real cluster.

#include <atomic>
#include <latch>
#include <thread>
#include <vector>

#include "postgres_fixture.hpp"
#include "store/postgres_store.hpp"
#include "store/postgres_window_counters.hpp"
#include "test_support.hpp"

namespace l402d::store::testing {
namespace {

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kT0 = 1'800'000'000 - 1'800'000'000 % kMinute;  // a window's start

class PostgresShared : public ::testing::Test {
 protected:
  std::unique_ptr<PostgresStore> open(int pool_size = 4) {
    return std::make_unique<PostgresStore>(postgres_options(dir_.path(), pool_size), "");
  }
  std::string sql(const std::string& statement) {
    return pg_cluster().sql(statement, SharedCluster::get().database_for(dir_.path()));
  }

  TempDir dir_;
};

TEST_F(PostgresShared, TwoInstancesCountAgainstOneLimit) {
  auto a = open();
  auto b = open();
  auto ca = a->shared_window_counters();
  auto cb = b->shared_window_counters();
  ASSERT_TRUE(ca && cb);
  EXPECT_TRUE(ca->take("free:vision:10.0.0.0/24", 3, kMinute, kT0).allowed);
  const auto second = cb->take("free:vision:10.0.0.0/24", 3, kMinute, kT0 + 1);
  EXPECT_TRUE(second.allowed);
  EXPECT_EQ(second.remaining, 1u);
  EXPECT_TRUE(ca->take("free:vision:10.0.0.0/24", 3, kMinute, kT0 + 2).allowed);
  const auto refused = cb->take("free:vision:10.0.0.0/24", 3, kMinute, kT0 + 10);
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, kMinute - 10);
  EXPECT_TRUE(ca->take("free:vision:10.0.1.0/24", 3, kMinute, kT0 + 10).allowed)
      << "another prefix has its own count";
  EXPECT_TRUE(cb->take("free:vision:10.0.0.0/24", 3, kMinute, kT0 + kMinute).allowed)
      << "the next window starts afresh";
  EXPECT_FALSE(ca->take("free:vision:x", 0, kMinute, kT0).allowed) << "a zero limit refuses";
}

// Sixteen threads through two instances take one key's 10 uses: exactly 10 win.
TEST_F(PostgresShared, ConcurrentTakesNeverPassTheLimit) {
  auto a = open(4);
  auto b = open(4);
  auto ca = a->shared_window_counters();
  auto cb = b->shared_window_counters();
  constexpr int kThreads = 16;
  std::latch start(kThreads);
  std::atomic<int> allowed{0}, errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        if ((i % 2 ? *ca : *cb).take("challenge:music:p", 10, kMinute, kT0 + 5).allowed) ++allowed;
      } catch (const std::exception&) {
        ++errors;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(allowed.load(), 10);
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(sql("SELECT used FROM window_counts WHERE key = 'challenge:music:p'"), "10");
}

TEST_F(PostgresShared, AUseGivenBackAtOneInstanceCanBeTakenAtAnother) {
  auto a = open();
  auto b = open();
  auto ca = a->shared_window_counters();
  auto cb = b->shared_window_counters();
  ASSERT_TRUE(ca->take("k", 1, kMinute, kT0).allowed);
  ASSERT_FALSE(cb->take("k", 1, kMinute, kT0).allowed);
  ca->give_back("k", kMinute, kT0 + 1);
  EXPECT_TRUE(cb->take("k", 1, kMinute, kT0 + 2).allowed);
  cb->give_back("k", kMinute, kT0 + kMinute);  // that window has ended: nothing
  cb->give_back("k", kMinute, kT0 + kMinute);
  EXPECT_TRUE(ca->take("k", 1, kMinute, kT0 + kMinute).allowed);
  EXPECT_FALSE(ca->take("k", 1, kMinute, kT0 + kMinute).allowed) << "nothing given back twice";
}

TEST_F(PostgresShared, RowsOfEndedWindowsArePurged) {
  auto store = open();
  PostgresWindowCounters counters(store->pool());
  counters.take("old", 5, 10, kT0);                // its window ends at kT0 + 10
  counters.take("current", 5, kMinute, kT0 + 30);  // ends at kT0 + 60
  EXPECT_EQ(counters.purge(kT0 + 30), 1u);
  EXPECT_EQ(sql("SELECT string_agg(key, ',') FROM window_counts"), "current");
  // take() purges by itself once a minute: a later window sweeps "current".
  auto shared = store->shared_window_counters();
  shared->take("later", 5, kMinute, kT0 + 3 * kMinute);
  EXPECT_EQ(sql("SELECT string_agg(key, ',') FROM window_counts"), "later");
}

TEST_F(PostgresShared, AnIdempotencyKeyKeptAtOneInstanceIsFoundAtAnother) {
  auto a = open();
  auto b = open();
  auto ra = a->shared_idempotency_records();
  auto rb = b->shared_idempotency_records();
  ASSERT_TRUE(ra && rb);
  EXPECT_EQ(rb->find_entry("key-0123456789abcdef", kT0), std::nullopt);
  ra->keep_entry("key-0123456789abcdef", R"({"first":1})", kT0 + 600, kT0);
  rb->keep_entry("key-0123456789abcdef", R"({"second":2})", kT0 + 600, kT0 + 1);
  EXPECT_EQ(rb->find_entry("key-0123456789abcdef", kT0 + 2), R"({"first":1})")
      << "the first entry wins";
  EXPECT_EQ(rb->find_entry("key-0123456789abcdef", kT0 + 600), std::nullopt) << "expired";
  rb->keep_entry("key-0123456789abcdef", R"({"third":3})", kT0 + 1200, kT0 + 600);
  EXPECT_EQ(ra->find_entry("key-0123456789abcdef", kT0 + 601), R"({"third":3})")
      << "an expired entry is replaced";
  EXPECT_EQ(ra->purge_entries(kT0 + 1200), 1u);
  EXPECT_EQ(sql("SELECT count(*) FROM idempotency_keys"), "0");
}

}  // namespace
}  // namespace l402d::store::testing
