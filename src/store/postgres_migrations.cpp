#include "store/postgres_migrations.hpp"

#include <algorithm>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/postgres_transaction.hpp"

namespace l402d::store {
namespace {

constexpr std::string_view kPostgresBlob = "BYTEA";

// Any constant shared by every l402d: the lock is per database, so stores in
// different databases do not wait for each other.
constexpr std::string_view kLockMigrations = "SELECT pg_advisory_xact_lock(4402402402)";

}  // namespace

int current_schema_version(PostgresConnection& connection) {
  // to_regclass follows search_path, as the CREATE TABLE of migrate does.
  auto exists = connection.prepare("SELECT to_regclass('schema_version') IS NOT NULL").run();
  if (exists.text(0, 0) != std::string(1, '\1')) return 0;
  auto st = connection.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version").run();
  return static_cast<int>(st.int64(0, 0));
}

int migrate(PostgresConnection& connection, int target) {
  if (target < 0 || target > latest_schema_version()) {
    throw std::invalid_argument("store: no migration to version " + std::to_string(target));
  }
  PgTransaction tx(connection, true);
  connection.prepare(kLockMigrations).run();
  connection.exec(
      "CREATE TABLE IF NOT EXISTS schema_version ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  const int current = current_schema_version(connection);
  refuse_newer_schema(current, connection.label());
  for (const auto& m : migrations()) {
    if (m.version <= current || m.version > target) continue;
    connection.exec(render_migration(m.sql, kPostgresBlob));
    connection.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)")
        .bind(1, std::int64_t{m.version})
        .bind(2, m.name)
        .bind(3, static_cast<std::int64_t>(std::time(nullptr)))
        .run();
  }
  tx.commit();
  const int reached = std::max(current, target);
  if (reached == latest_schema_version()) require_schema_tables(connection);
  return reached;
}

void require_schema_tables(PostgresConnection& connection) {
  // One round trip: the names are our own identifiers, safe in an array literal.
  std::string names = "{";
  for (const std::string_view table : schema_tables()) {
    if (names.size() > 1) names += ',';
    names += table;
  }
  names += '}';
  auto r = connection
               .prepare(
                   "SELECT t FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n)"
                   " WHERE to_regclass(t) IS NULL ORDER BY n")
               .bind(1, names)
               .run();
  std::vector<std::string> missing;
  for (int row = 0; row < r.rows(); ++row)
    missing.push_back(r.text(row, 0));
  refuse_missing_tables(missing, connection.label());
}

}  // namespace l402d::store
