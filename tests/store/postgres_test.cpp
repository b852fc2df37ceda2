// PostgreSQL beyond the shared contract: claims raced by two instances (two
// pools), the retry of serialization failures and deadlocks, an unreachable or
// silent server, an outage and a terminated session, and migrations.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "postgres_fixture.hpp"
#include "store/migration_list.hpp"
#include "store/postgres_shared_media.hpp"
#include "store/postgres_store.hpp"
#include "store/postgres_transaction.hpp"
#include "store/store_factory.hpp"
#include "test_support.hpp"
#include "util/hex.hpp"
#include "util/named_variant.hpp"

namespace l402d::store::testing {
namespace {

using Clock = std::chrono::steady_clock;

class Postgres : public ::testing::Test {
 protected:
  std::unique_ptr<PostgresStore> open(int pool_size = 4) {
    return std::make_unique<PostgresStore>(postgres_options(dir_.path(), pool_size), "");
  }
  std::string database() { return SharedCluster::get().database_for(dir_.path()); }
  std::string sql(const std::string& statement) { return pg_cluster().sql(statement, database()); }

  TempDir dir_;
};

// Half the claimers go through each instance; the row may not exist yet, so
// the race is also one to create it.
TEST_F(Postgres, ExactlyOneOfTwoInstancesClaimsAToken) {
  auto a = open(4);
  auto b = open(4);
  constexpr int kThreads = 8;
  for (int round = 0; round < 4; ++round) {
    const auto t = token("two-instances-" + std::to_string(round));
    if (round % 2 == 1) a->mark_token_paid(t, 1);
    std::latch start(kThreads);
    std::atomic<int> claimed{0}, busy{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        Store& store = i % 2 ? static_cast<Store&>(*a) : *b;
        start.arrive_and_wait();
        try {
          const auto outcome = store.claim_token(t, 10, 60).outcome;
          ++(outcome == Claim::Outcome::claimed ? claimed
             : outcome == Claim::Outcome::busy  ? busy
                                                : other);
        } catch (const std::exception&) {
          ++other;
        }
      });
    }
    for (auto& th : threads)
      th.join();
    EXPECT_EQ(claimed.load(), 1) << "round " << round;
    EXPECT_EQ(busy.load(), kThreads - 1) << "round " << round;
    EXPECT_EQ(other.load(), 0) << "round " << round;
    EXPECT_EQ(b->find_token(t.token_id)->attempts, 1);
  }
}

TEST_F(Postgres, TheOtherInstanceTakesOverAnExpiredLeaseOnce) {
  auto a = open(2);
  auto b = open(2);
  const auto t = token("takeover");
  ASSERT_EQ(a->claim_token(t, 10, 5).outcome, Claim::Outcome::claimed);
  EXPECT_EQ(b->claim_token(t, 14, 60).outcome, Claim::Outcome::busy);
  EXPECT_EQ(b->claim_token(t, 15, 60).outcome, Claim::Outcome::claimed);
  EXPECT_EQ(a->claim_token(t, 16, 60).outcome, Claim::Outcome::busy);
  EXPECT_TRUE(b->complete_token(t.token_id, result("done"), 20));
  EXPECT_FALSE(a->complete_token(t.token_id, result("late"), 21));
  EXPECT_EQ(a->claim_token(t, 22, 60).result->body, result("done").body);
  EXPECT_EQ(a->find_token(t.token_id)->attempts, 2);
}

constexpr std::string_view kRaiseSerializationFailure =
    "DO $$ BEGIN RAISE EXCEPTION 'forced' USING ERRCODE = 'serialization_failure'; END $$";

TEST_F(Postgres, ASerializationFailureRunsTheWholeTransactionAgain) {
  auto store = open(1);
  sql("CREATE TABLE attempts (n INTEGER)");
  int calls = 0;
  const auto answer = run_transaction(store->pool(), TxPolicy{}, [&](PostgresConnection& c) {
    ++calls;
    c.prepare("INSERT INTO attempts (n) VALUES ($1)").bind(1, std::int64_t{calls}).run();
    if (calls == 1) c.exec(std::string(kRaiseSerializationFailure));
    return calls;
  });
  EXPECT_EQ(answer, 2);
  // The first attempt's insert was rolled back with it.
  EXPECT_EQ(sql("SELECT string_agg(n::text, ',') FROM attempts"), "2");
}

TEST_F(Postgres, APersistentConflictEndsAsUnavailable) {
  auto store = open(1);
  TxPolicy policy;
  policy.attempts = 3;
  int calls = 0;
  try {
    run_transaction(store->pool(), policy, [&](PostgresConnection& c) {
      ++calls;
      c.exec(std::string(kRaiseSerializationFailure));
      return true;
    });
    FAIL() << "no exception";
  } catch (const PgError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::unavailable);
    EXPECT_EQ(e.sqlstate(), "40001");
  }
  EXPECT_EQ(calls, 3);
  // The connection is usable afterwards: every attempt was rolled back.
  EXPECT_EQ(store->schema_version(), latest_schema_version());
}

TEST_F(Postgres, OtherErrorsAreNotRetried) {
  auto store = open(1);
  int calls = 0;
  try {
    run_transaction(store->pool(), TxPolicy{}, [&](PostgresConnection& c) {
      ++calls;
      c.exec("DO $$ BEGIN RAISE EXCEPTION 'dup' USING ERRCODE = 'unique_violation'; END $$");
      return true;
    });
    FAIL() << "no exception";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::constraint);
  }
  EXPECT_EQ(calls, 1);
}

// Two instances lock two rows in opposite orders: the server picks a victim,
// which runs again once the other has committed; both updates land.
TEST_F(Postgres, ADeadlockVictimRunsAgainAndBothCommit) {
  sql("CREATE TABLE pair (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);"
      "INSERT INTO pair VALUES (1, 0), (2, 0)");
  auto a = open(1);
  auto b = open(1);
  std::latch both_hold_one(2);
  std::atomic<int> calls{0};
  auto cross = [&](PostgresStore& store, int first, int second) {
    bool waited = false;
    run_transaction(store.pool(), TxPolicy{}, [&](PostgresConnection& c) {
      ++calls;
      c.prepare("UPDATE pair SET v = v + 1 WHERE id = $1").bind(1, std::int64_t{first}).run();
      if (!waited) {
        waited = true;
        both_hold_one.arrive_and_wait();
      }
      c.prepare("UPDATE pair SET v = v + 1 WHERE id = $1").bind(1, std::int64_t{second}).run();
      return true;
    });
  };
  std::thread ta([&] { cross(*a, 1, 2); });
  std::thread tb([&] { cross(*b, 2, 1); });
  ta.join();
  tb.join();
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(sql("SELECT string_agg(v::text, ',' ORDER BY id) FROM pair"), "2,2");
}

TEST_F(Postgres, ANobodyListeningServerIsUnavailableAtOnce) {
  PostgresOptions o;
  o.url = "postgresql://l402d@127.0.0.1:" + std::to_string(l402d::testing::free_local_port()) +
          "/nothing";
  const auto started = Clock::now();
  try {
    open_postgres_store(o);
    FAIL() << "no exception";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::unavailable);
    EXPECT_NE(std::string(e.what()).find("cannot connect"), std::string::npos) << e.what();
  }
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(2));
}

// A server that accepts the TCP connection and never answers: the connect
// timeout is the deadline, not libpq's default of waiting forever.
TEST_F(Postgres, ASilentServerIsUnavailableAfterTheConnectTimeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  PostgresOptions o;
  o.url = "postgresql://l402d@127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/silent";
  o.connect_timeout_seconds = 2;
  const auto started = Clock::now();
  EXPECT_THROW(
      {
        try {
          open_postgres_store(o);
        } catch (const StoreError& e) {
          EXPECT_EQ(e.kind(), StoreError::Kind::unavailable);
          throw;
        }
      },
      StoreError);
  const auto waited = Clock::now() - started;
  EXPECT_GE(waited, std::chrono::milliseconds(1500));
  EXPECT_LT(waited, std::chrono::seconds(5));
  ::close(fd);
}

// Its own cluster, stopped under a running store and started again.
TEST_F(Postgres, AnOutageIsUnavailableAndTheStoreRecoversAfterIt) {
  l402d::testing::PostgresCluster cluster(postgres_root());
  cluster.start();
  PostgresOptions o;
  o.url = cluster.url("postgres");
  o.pool_size = 2;
  auto store = open_postgres_store(o);
  store->put_root_key(hash_of("id"), hash_of("key"));
  cluster.stop();
  for (int i = 0; i < 3; ++i) {
    try {
      store->claim_token(token("during"), 1, 60);
      ADD_FAILURE() << "claimed while the server was down";
    } catch (const StoreError& e) {
      EXPECT_EQ(e.kind(), StoreError::Kind::unavailable) << e.what();
    }
    EXPECT_THROW(store->get_root_key(hash_of("id")), StoreError);
  }
  EXPECT_FALSE(store->health()->up());
  EXPECT_FALSE(store->health()->check()) << "the probe finds it still down";
  cluster.start();
  std::this_thread::sleep_for(StoreHealth::kProbeInterval);
  EXPECT_TRUE(store->health()->check()) << "the probe finds it back";
  EXPECT_EQ(store->get_root_key(hash_of("id")), hash_of("key"));
  EXPECT_EQ(store->claim_token(token("after"), 1, 60).outcome, Claim::Outcome::claimed);
}

TEST_F(Postgres, ATerminatedSessionIsReplacedOnNextUse) {
  auto store = open(1);
  store->put_root_key(hash_of("id"), hash_of("key"));
  const int before = store->pool().acquire()->backend_pid();
  auto terminate = [&] {
    return sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" +
               database() + "' AND pid <> pg_backend_pid()");
  };
  EXPECT_EQ(terminate(), "1");
  // A write: its BEGIN finds the session gone and runs on a new one.
  EXPECT_EQ(store->claim_token(token("after-kill"), 1, 60).outcome, Claim::Outcome::claimed);
  EXPECT_NE(store->pool().acquire()->backend_pid(), before);
  EXPECT_EQ(terminate(), "1");
  // A read likewise.
  EXPECT_EQ(store->get_root_key(hash_of("id")), hash_of("key"));
}

// Many threads at two instances take uses of two tokens: each use is handed
// out once, none past the limit, and at each instance takes share round trips.
TEST_F(Postgres, ConcurrentUsesAtTwoInstancesAreEachTakenOnceUpToTheLimit) {
  auto a = open(4);
  auto b = open(4);
  const std::vector<TokenRecord> tokens{token("uses-0"), token("uses-1")};
  for (const auto& t : tokens)
    a->mark_token_paid(t, 1);
  constexpr int kThreads = 16, kTakesEach = 40;
  constexpr std::uint32_t kLimit = 200;
  std::mutex mutex;
  std::vector<std::multiset<std::uint32_t>> used(tokens.size());
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      Store& store = i % 2 ? static_cast<Store&>(*a) : *b;
      start.arrive_and_wait();
      for (int n = 0; n < kTakesEach; ++n) {
        const std::size_t which = (i + n) % tokens.size();
        const auto take = store.take_use(tokens[which], kLimit, 2 + n);
        std::lock_guard lock(mutex);
        if (take.taken) used[which].insert(take.used);
      }
    });
  }
  for (auto& t : threads)
    t.join();
  for (const auto& taken : used) {
    ASSERT_EQ(taken.size(), kLimit);
    EXPECT_EQ(std::set<std::uint32_t>(taken.begin(), taken.end()).size(), kLimit) << "a use twice";
    EXPECT_EQ(*taken.rbegin(), kLimit);
  }
  EXPECT_EQ(sql("SELECT sum(uses) FROM tokens"), std::to_string(2 * kLimit));
  const auto batches = a->use_batcher().batches_sent() + b->use_batcher().batches_sent();
  EXPECT_LT(batches, std::uint64_t{kThreads * kTakesEach}) << "no two takes shared a trip";
}

// Songs in the database come back whole, in slices, and go at the purge.
TEST_F(Postgres, SharedMediaIsCopiedBackInSlicesAndPurged) {
  auto store = open(2);
  auto media = store->shared_media();
  Bytes song(static_cast<std::size_t>(2.5 * PostgresSharedMedia::kPieceBytes));
  for (std::size_t i = 0; i < song.size(); ++i)
    song[i] = static_cast<std::uint8_t>(i * 7 + i / 4096);
  media->put("a.mp3", song, 100);
  media->put("b.mp3", Bytes{}, 200);
  std::ostringstream out;
  EXPECT_EQ(media->copy_to("a.mp3", out), 100);
  const std::string copied = out.str();
  EXPECT_EQ(Bytes(copied.begin(), copied.end()), song);
  std::ostringstream empty;
  EXPECT_EQ(media->copy_to("b.mp3", empty), 200);
  EXPECT_TRUE(empty.str().empty());
  std::ostringstream none;
  EXPECT_EQ(media->copy_to("c.mp3", none), std::nullopt);
  EXPECT_THROW(media->put("a.mp3", song, 300), StoreError) << "names are never reused";
  EXPECT_EQ(media->purge(150), 1u);
  EXPECT_EQ(sql("SELECT name FROM media"), "b.mp3");
  EXPECT_FALSE(store->pool().acquire()->in_transaction());
}

// A later use commits lazily, by a setting local to its own statement's
// transaction: the session it ran on must stay durable for the next caller.
TEST_F(Postgres, ALazyUseLeavesItsSessionDurable) {
  auto store = open(1);
  const auto t = token("lazy-use");
  store->mark_token_paid(t, 1);
  EXPECT_EQ(store->take_use(t, 5, 2).used, 1u);
  EXPECT_EQ(store->take_use(t, 5, 3).used, 2u);
  auto connection = store->pool().acquire();
  EXPECT_EQ(connection->prepare("SELECT current_setting('synchronous_commit')").run().text(0, 0),
            "on");
  EXPECT_FALSE(connection->in_transaction());
}

TEST_F(Postgres, MigrationsAreSqlitesListAndReopeningAppliesNothing) {
  auto store = open(1);
  EXPECT_EQ(store->schema_version(), latest_schema_version());
  std::string expected;
  for (const auto& m : migrations())
    expected +=
        (expected.empty() ? "" : "|") + std::to_string(m.version) + ":" + std::string(m.name);
  const auto applied =
      "SELECT string_agg(version || ':' || name, '|' ORDER BY version)"
      " FROM schema_version";
  EXPECT_EQ(sql(applied), expected);
  store.reset();
  auto again = open(1);
  EXPECT_EQ(sql(applied), expected);
  EXPECT_EQ(sql("SELECT data_type FROM information_schema.columns"
                " WHERE table_name = 'tokens' AND column_name = 'token_id'"),
            "bytea");
}

TEST_F(Postgres, InstancesStartingTogetherMigrateOnce) {
  database();
  std::latch start(4);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      try {
        open(1);
      } catch (const std::exception&) {
        ++failures;
      }
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(sql("SELECT count(*) FROM schema_version"), std::to_string(latest_schema_version()));
}

TEST_F(Postgres, ADatabaseFromANewerL402dIsRefused) {
  open(1).reset();
  sql("INSERT INTO schema_version VALUES (999, 'future', 0)");
  try {
    open(1);
    FAIL() << "no exception";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::other);
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos);
  }
}

TEST_F(Postgres, ADatabaseMissingATableIsRefusedNamingThem) {
  open(1).reset();
  sql("DROP TABLE token_results");
  sql("DROP TABLE jobs");
  try {
    open(1);
    FAIL() << "a database without its tables was accepted";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::other);
    EXPECT_NE(std::string(e.what()).find("token_results, jobs"), std::string::npos) << e.what();
  }
}

// A unique violation's DETAIL quotes the key; the store's message must not.
TEST_F(Postgres, ErrorsNameTheFailureButNoBoundValue) {
  auto store = open(1);
  store->insert_invoice(invoice("dup"));
  try {
    store->insert_invoice(invoice("dup"));
    FAIL() << "no exception";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::constraint);
    const std::string message = e.what();
    EXPECT_NE(message.find("duplicate key"), std::string::npos) << message;
    EXPECT_EQ(message.find(to_hex(invoice("dup").payment_hash).substr(0, 16)), std::string::npos)
        << message;
  }
}

TEST_F(Postgres, TheFactoryOpensThePostgresBackend) {
  PostgresStoreConfig config;
  static_cast<PostgresOptions&>(config) = postgres_options(dir_.path(), 2);
  EXPECT_EQ(variant_name(StoreConfig{config}), "postgres");
  auto store = open_store(config, dir_.path() / "unused");
  store->insert_invoice(invoice("factory"));
  EXPECT_TRUE(open(1)->find_invoice(invoice("factory").payment_hash));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "unused"));
}

}  // namespace
}  // namespace l402d::store::testing
