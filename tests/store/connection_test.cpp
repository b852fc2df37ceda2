#include <atomic>
#include <chrono>
#include <thread>

#include "store/db_file.hpp"
#include "store/sqlite_pool.hpp"
#include "store/sqlite_transaction.hpp"
#include "store_fixture.hpp"

namespace l402d::store::testing {
namespace {

class Connection : public StoreTest {
 protected:
  std::unique_ptr<SqliteConnection> connect() {
    prepare_database_file(db_path());
    return std::make_unique<SqliteConnection>(db_path(), 1000);
  }
};

TEST_F(Connection, StatementsArePreparedOncePerConnection) {
  auto c = connect();
  c->exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
  const auto before = c->cached_statements();
  for (int i = 0; i < 50; ++i) {
    c->prepare("INSERT INTO t (k, v) VALUES (?, ?)").bind(1, std::int64_t{i}).bind(2, "x").run();
  }
  EXPECT_EQ(c->cached_statements(), before + 1);
  auto count = c->prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count.step());
  EXPECT_EQ(count.column_int64(0), 50);
}

TEST_F(Connection, ReusedStatementStartsWithoutOldBindings) {
  auto c = connect();
  c->exec("CREATE TABLE t (v TEXT)");
  c->prepare("INSERT INTO t (v) VALUES (?)").bind(1, "secret").run();
  c->prepare("INSERT INTO t (v) VALUES (?)").run();  // nothing bound: NULL, not "secret"
  auto st = c->prepare("SELECT COUNT(*) FROM t WHERE v IS NULL");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_int64(0), 1);
}

TEST_F(Connection, OverlappingUseOfOneStatementIsAProgrammingError) {
  auto c = connect();
  auto first = c->prepare("SELECT 1 UNION ALL SELECT 2");
  ASSERT_TRUE(first.step());
  EXPECT_THROW(c->prepare("SELECT 1 UNION ALL SELECT 2"), std::logic_error);
}

TEST_F(Connection, ErrorsNameTheDatabaseAndSqlitesReason) {
  auto c = connect();
  try {
    c->prepare("SELECT * FROM no_such_table");
    FAIL();
  } catch (const SqliteError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(db_path().string()), std::string::npos) << what;
    EXPECT_NE(what.find("no such table"), std::string::npos) << what;
  }
}

TEST_F(Connection, ConstraintErrorsDoNotEchoBoundValues) {
  auto c = connect();
  c->exec("CREATE TABLE k (id BLOB PRIMARY KEY)");
  const std::string secret = "do-not-log-this-key";
  c->prepare("INSERT INTO k (id) VALUES (?)").bind(1, secret).run();
  try {
    c->prepare("INSERT INTO k (id) VALUES (?)").bind(1, secret).run();
    FAIL();
  } catch (const SqliteError& e) {
    EXPECT_EQ(std::string(e.what()).find(secret), std::string::npos) << e.what();
  }
}

TEST_F(Connection, MissingFileIsNotSilentlyCreated) {
  EXPECT_THROW(SqliteConnection(dir_.path() / "absent.sqlite", 1000), SqliteError);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "absent.sqlite"));
}

TEST_F(Connection, UncommittedTransactionRollsBack) {
  auto c = connect();
  c->exec("CREATE TABLE t (v INTEGER)");
  {
    Transaction tx(*c, Synchronous::full);
    c->exec("INSERT INTO t VALUES (1)");
  }
  EXPECT_FALSE(c->in_transaction());
  auto st = c->prepare("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_int64(0), 0);
}

TEST_F(Connection, SynchronousLevelFollowsTheRequest) {
  auto c = connect();
  EXPECT_EQ(c->synchronous(), 2);
  c->set_synchronous(Synchronous::normal);
  EXPECT_EQ(c->synchronous(), 1);
  c->set_synchronous(Synchronous::full);
  EXPECT_EQ(c->synchronous(), 2);
}

TEST_F(Connection, PoolLendsEachConnectionToOneBorrowerAtATime) {
  prepare_database_file(db_path());
  std::vector<std::unique_ptr<SqliteConnection>> connections;
  connections.push_back(std::make_unique<SqliteConnection>(db_path(), 1000));
  connections.push_back(std::make_unique<SqliteConnection>(db_path(), 1000));
  SqliteConnectionPool pool(std::move(connections));
  std::atomic<bool> third_acquired{false};
  std::thread waiter;
  {
    auto a = pool.acquire();
    auto b = pool.acquire();
    EXPECT_NE(&*a, &*b);
    waiter = std::thread([&] {
      auto c = pool.acquire();
      third_acquired = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_FALSE(third_acquired.load()) << "a third borrower got a connection already lent";
  }
  waiter.join();
  EXPECT_TRUE(third_acquired.load());
}

}  // namespace
}  // namespace l402d::store::testing
