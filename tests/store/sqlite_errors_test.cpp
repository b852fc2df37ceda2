// How SQLite failures reach callers: StoreError with a kind to switch on,
// messages naming the database and SQLite's reason but no bound value.

#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <optional>
#include <thread>
#include <vector>

#include "store/db_file.hpp"
#include "store/sqlite_connection.hpp"
#include "store_fixture.hpp"
#include "util/hex.hpp"

namespace l402d::store::testing {
namespace {

using Kind = StoreError::Kind;

// Runs `body` and returns the kind of the StoreError it throws.
template <class Body>
std::optional<Kind> kind_thrown(Body&& body) {
  try {
    body();
  } catch (const StoreError& e) {
    return e.kind();
  }
  return std::nullopt;
}

class SqliteErrors : public StoreTest {
 protected:
  // A plain connection beside the store, as another process would hold one.
  std::unique_ptr<SqliteConnection> other_connection() {
    return std::make_unique<SqliteConnection>(db_path(), 0);
  }
};

TEST(SqliteErrorKinds, ResultCodesMapToWhatACallerCanDo) {
  for (int code : {SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_IOERR_FSYNC, SQLITE_FULL,
                   SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_BUSY_SNAPSHOT, SQLITE_NOMEM}) {
    EXPECT_EQ(sqlite_error_kind(code), Kind::unavailable) << sqlite3_errstr(code);
  }
  for (int code : {SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_CORRUPT_INDEX})
    EXPECT_EQ(sqlite_error_kind(code), Kind::corrupt) << sqlite3_errstr(code);
  for (int code : {SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_CHECK})
    EXPECT_EQ(sqlite_error_kind(code), Kind::constraint) << sqlite3_errstr(code);
  for (int code : {SQLITE_ERROR, SQLITE_MISUSE, SQLITE_RANGE})
    EXPECT_EQ(sqlite_error_kind(code), Kind::other) << sqlite3_errstr(code);
  EXPECT_EQ(to_string(Kind::unavailable), "unavailable");
}

TEST_F(SqliteErrors, AWriteWhileAnotherConnectionHoldsTheLockIsUnavailable) {
  auto o = options();
  o.busy_timeout_ms = 0;
  SqliteStore store(o);
  store.put_root_key(hash_of("id"), hash_of("key"));
  auto other = other_connection();
  other->exec("BEGIN EXCLUSIVE");
  try {
    store.claim_token(token("a"), 1, 60);
    FAIL() << "a write went through another connection's exclusive lock";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), Kind::unavailable) << e.what();
    EXPECT_NE(std::string(e.what()).find(db_path().string()), std::string::npos) << e.what();
  }
  EXPECT_EQ(kind_thrown([&] { store.revoke(hash_of("t")); }), Kind::unavailable);
  EXPECT_EQ(store.get_root_key(hash_of("id")), hash_of("key")) << "WAL readers still read";
  other->exec("COMMIT");
  EXPECT_EQ(store.claim_token(token("a"), 1, 60).outcome, Claim::Outcome::claimed);
}

// A crowd of writers in one process (the store threads under load) wait
// their turn in the store, not in SQLite's sleeping busy handler: with no
// busy timeout at all, none of them is told the database is locked. Without
// the queue, the soak (bench/soak/soak.sh) saw "database is locked" after
// the default 5 s.
TEST_F(SqliteErrors, ACrowdOfWritersInOneProcessIsNeverToldTheDatabaseIsLocked) {
  auto o = options();
  o.busy_timeout_ms = 0;
  o.pool_size = 8;
  SqliteStore store(o);
  std::atomic<int> locked{0};
  {
    std::vector<std::jthread> writers;
    for (int t = 0; t < 8; ++t) {
      writers.emplace_back([&, t] {
        for (int i = 0; i < 100; ++i) {
          const auto name = std::to_string(t) + "-" + std::to_string(i);
          if (kind_thrown([&] { store.mark_token_paid(token(name), 1); })) ++locked;
        }
      });
    }
  }
  EXPECT_EQ(locked.load(), 0);
}

TEST_F(SqliteErrors, ARowTheStoreCannotHaveWrittenIsCorrupt) {
  auto store = open();
  store->mark_token_paid(token("short hash"), 1);
  store->mark_token_paid(token("negative price"), 1);
  {
    auto c = other_connection();
    c->prepare("UPDATE tokens SET payment_hash = x'0102' WHERE token_id = ?")
        .bind_blob(1, token("short hash").token_id)
        .run();
    // CHECK constraints are not a guarantee: a tool may write with them ignored.
    c->exec("PRAGMA ignore_check_constraints = ON");
    c->prepare("UPDATE tokens SET price_msat = -1 WHERE token_id = ?")
        .bind_blob(1, token("negative price").token_id)
        .run();
  }
  try {
    store->find_token(token("short hash").token_id);
    FAIL() << "a 2-byte payment hash was accepted";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), Kind::corrupt);
    EXPECT_NE(std::string(e.what()).find("corrupt row"), std::string::npos) << e.what();
  }
  EXPECT_EQ(kind_thrown([&] { store->claim_token(token("short hash"), 2, 60); }), Kind::corrupt);
  EXPECT_EQ(kind_thrown([&] { store->find_token(token("negative price").token_id); }),
            Kind::corrupt);
}

TEST_F(SqliteErrors, AFileThatIsNotADatabaseIsCorrupt) {
  prepare_database_file(db_path());
  std::ofstream(db_path(), std::ios::binary) << std::string(4096, 'x');
  EXPECT_EQ(kind_thrown([&] { open(); }), Kind::corrupt);
}

TEST_F(SqliteErrors, DuplicatePaymentHashNamesTheDatabaseAndIsAConstraint) {
  auto store = open();
  store->insert_invoice(invoice("a"));
  try {
    store->insert_invoice(invoice("a"));
    FAIL() << "duplicate insert accepted";
  } catch (const StoreError& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.kind(), Kind::constraint);
    EXPECT_NE(what.find(db_path().string()), std::string::npos) << what;
    EXPECT_NE(what.find("UNIQUE"), std::string::npos) << what;
  }
}

TEST_F(SqliteErrors, MessagesCarryNoBoundValue) {
  auto store = open();
  auto in = invoice("a");
  store->insert_invoice(in);
  try {
    store->insert_invoice(in);
    FAIL();
  } catch (const StoreError& e) {
    const std::string what = e.what();
    for (const auto& secret : {to_hex(in.preimage), to_hex(in.payment_hash), in.bolt11})
      EXPECT_EQ(what.find(secret), std::string::npos) << what;
  }
}

TEST_F(SqliteErrors, ALooseDatabaseFileIsRefusedWithAStoreError) {
  { open(); }
  ASSERT_EQ(::chmod(db_path().c_str(), 0644), 0);
  EXPECT_EQ(kind_thrown([&] { open(); }), Kind::other);
  ASSERT_EQ(::chmod(db_path().c_str(), 0600), 0);
  EXPECT_EQ(kind_thrown([&] { open(); }), std::nullopt);
}

}  // namespace
}  // namespace l402d::store::testing
