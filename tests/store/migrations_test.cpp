#include <sqlite3.h>

#include "store/db_file.hpp"
#include "store/sqlite_migrations.hpp"
#include "store_fixture.hpp"

namespace l402d::store::testing {
namespace {

// Reads one integer with a plain connection, bypassing the store under test.
std::int64_t query_int(const std::filesystem::path& path, const std::string& sql) {
  SqliteConnection c(path, 1000);
  auto st = c.prepare(sql);
  EXPECT_TRUE(st.step()) << sql;
  return st.column_int64(0);
}

using Migrations = StoreTest;

TEST(MigrationList, VersionsStartAtOneAndAreContiguous) {
  const auto list = migrations();
  ASSERT_FALSE(list.empty());
  for (std::size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(list[i].name.empty());
    EXPECT_FALSE(list[i].sql.empty());
  }
  EXPECT_EQ(latest_schema_version(), list.back().version);
}

TEST(MigrationList, BlobPlaceholderIsTheOnlyDialectDifference) {
  EXPECT_EQ(render_migration("a {blob}, b {blob} NOT NULL", "BYTEA"), "a BYTEA, b BYTEA NOT NULL");
  EXPECT_EQ(render_migration("no placeholder", "BLOB"), "no placeholder");
  for (const auto& m : migrations()) {
    const auto sqlite = render_migration(m.sql, "BLOB");
    EXPECT_EQ(sqlite.find('{'), std::string::npos) << m.name;
    // Types PostgreSQL lacks or spells differently must not creep in.
    for (const char* word : {"AUTOINCREMENT", "WITHOUT ROWID", "STRICT", "DATETIME"}) {
      EXPECT_EQ(sqlite.find(word), std::string::npos) << m.name << " uses " << word;
    }
  }
}

TEST_F(Migrations, NewStoreIsAtTheLatestVersion) {
  auto store = open();
  EXPECT_EQ(store->schema_version(), latest_schema_version());
  EXPECT_EQ(query_int(db_path(), "SELECT COUNT(*) FROM schema_version"),
            static_cast<std::int64_t>(migrations().size()));
}

TEST_F(Migrations, ReopeningAppliesNothingAgainAndKeepsData) {
  {
    auto store = open();
    store->put_root_key(hash_of("id"), hash_of("key"));
  }
  const auto applied_at = query_int(db_path(), "SELECT MAX(applied_at) FROM schema_version");
  for (int i = 0; i < 3; ++i) {
    auto store = open();
    EXPECT_EQ(store->schema_version(), latest_schema_version());
    EXPECT_EQ(store->get_root_key(hash_of("id")), hash_of("key"));
  }
  EXPECT_EQ(query_int(db_path(), "SELECT COUNT(*) FROM schema_version"),
            static_cast<std::int64_t>(migrations().size()));
  EXPECT_EQ(query_int(db_path(), "SELECT MAX(applied_at) FROM schema_version"), applied_at);
}

TEST_F(Migrations, OlderDatabaseIsUpgradedInPlace) {
  prepare_database_file(db_path());
  {
    SqliteConnection c(db_path(), 1000);
    ASSERT_EQ(migrate(c, 1), 1);
    c.exec(
        "INSERT INTO tokens (token_id, payment_hash, service, state, created_at, updated_at)"
        " VALUES (zeroblob(32), zeroblob(32), 'music', 'paid', 1, 1)");
    EXPECT_EQ(current_schema_version(c), 1);
  }
  EXPECT_EQ(query_int(db_path(),
                      "SELECT COUNT(*) FROM sqlite_master WHERE name = 'token_results_stored_at'"),
            0);
  auto store = open();
  EXPECT_EQ(store->schema_version(), latest_schema_version());
  EXPECT_EQ(query_int(db_path(),
                      "SELECT COUNT(*) FROM sqlite_master WHERE name = 'token_results_stored_at'"),
            1);
  auto kept = store->find_token(Hash32{});
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->state, TokenState::paid);
}

TEST_F(Migrations, VersionTwoDatabaseGainsTokenPricesAndRevocationSequence) {
  prepare_database_file(db_path());
  {
    SqliteConnection c(db_path(), 1000);
    ASSERT_EQ(migrate(c, 2), 2);
    c.prepare(
         "INSERT INTO tokens (token_id, payment_hash, service, state, created_at, updated_at)"
         " VALUES (?, zeroblob(32), 'music', 'redeemed', 1, 1)")
        .bind_blob(1, hash_of("sold before prices"))
        .run();
    for (const char* id : {"r1", "r2"})
      c.prepare("INSERT INTO revocations (token_id) VALUES (?)").bind_blob(1, hash_of(id)).run();
  }
  auto store = open();
  EXPECT_EQ(store->schema_version(), latest_schema_version());
  const auto old = store->find_token(hash_of("sold before prices"));
  ASSERT_TRUE(old);
  EXPECT_EQ(old->price_msat, 0u) << "a price never recorded reads as 0";
  EXPECT_EQ(old->state, TokenState::redeemed);

  const auto migrated = store->revoked_since(0);
  EXPECT_EQ(migrated.token_ids.size(), 2u);
  EXPECT_EQ(migrated.cursor, 2);
  EXPECT_TRUE(store->is_revoked(hash_of("r1")));
  EXPECT_TRUE(store->is_revoked(hash_of("r2")));
  store->revoke(hash_of("r3"));
  const auto next = store->revoked_since(migrated.cursor);
  EXPECT_EQ(next.token_ids, std::vector{hash_of("r3")});
  EXPECT_EQ(next.cursor, 3);

  auto priced = token("new");
  priced.price_msat = 100'000;
  store->mark_token_paid(priced, 2);
  EXPECT_EQ(query_int(db_path(), "SELECT SUM(price_msat) FROM tokens"), 100'000)
      << "revenue is a plain sum over the rows";
}

TEST_F(Migrations, NewerDatabaseIsRefused) {
  { open(); }
  {
    SqliteConnection c(db_path(), 1000);
    c.exec("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 0)");
  }
  try {
    open();
    FAIL() << "a database from a newer l402d was accepted";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::other);
    EXPECT_NE(std::string(e.what()).find("999"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(db_path().string()), std::string::npos) << e.what();
  }
}

// The list start-up checks is what the migrations make, no more, no less.
TEST_F(Migrations, TheCheckedTablesAreExactlyTheSchemasTables) {
  { open(); }
  SqliteConnection c(db_path(), 1000);
  auto st = c.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
      "ORDER BY name");
  std::vector<std::string> made;
  while (st.step())
    made.push_back(st.column_text(0));
  std::vector<std::string> listed(schema_tables().begin(), schema_tables().end());
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(made, listed);
}

// Issue 21: a database with a dropped table passed start-up, and every paid
// request then failed.
TEST_F(Migrations, ADatabaseMissingATableIsRefusedAtStart) {
  { open(); }
  {
    SqliteConnection c(db_path(), 1000);
    c.exec("DROP TABLE token_results");
    c.exec("DROP TABLE jobs");
  }
  try {
    open();
    FAIL() << "a database without its tables was accepted";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::other);
    EXPECT_NE(std::string(e.what()).find("token_results, jobs"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("backup"), std::string::npos) << e.what();
  }
}

TEST_F(Migrations, SchemaUsesWalJournal) {
  { open(); }
  SqliteConnection c(db_path(), 1000);
  auto st = c.prepare("PRAGMA journal_mode");
  ASSERT_TRUE(st.step());
  EXPECT_EQ(st.column_text(0), "wal");
}

TEST(InMemory, WorksWithOneConnection) {
  SqliteOptions o;
  o.path = ":memory:";
  o.pool_size = 4;
  SqliteStore store(o);
  EXPECT_EQ(store.pool_size(), 1u);
  EXPECT_EQ(store.schema_version(), latest_schema_version());
  store.put_root_key(hash_of("id"), hash_of("key"));
  EXPECT_EQ(store.get_root_key(hash_of("id")), hash_of("key"));
}

TEST(OpenErrors, EmptyPathIsRejected) {
  EXPECT_THROW(open_sqlite_store(SqliteOptions{}), std::invalid_argument);
}

}  // namespace
}  // namespace l402d::store::testing
