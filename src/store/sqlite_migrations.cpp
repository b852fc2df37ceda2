#include "store/sqlite_migrations.hpp"

#include <algorithm>
#include <ctime>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "store/sqlite_transaction.hpp"

namespace l402d::store {
namespace {

constexpr std::string_view kSqliteBlob = "BLOB";

}  // namespace

int current_schema_version(SqliteConnection& connection) {
  auto exists = connection.prepare(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!exists.step()) return 0;
  auto st = connection.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  st.step();
  return static_cast<int>(st.column_int64(0));
}

int migrate(SqliteConnection& connection, int target) {
  if (target < 0 || target > latest_schema_version()) {
    throw std::invalid_argument("store: no migration to version " + std::to_string(target));
  }
  Transaction tx(connection, Synchronous::full);
  connection.exec(
      "CREATE TABLE IF NOT EXISTS schema_version ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  const int current = current_schema_version(connection);
  refuse_newer_schema(current, connection.path_label());
  for (const auto& m : migrations()) {
    if (m.version <= current || m.version > target) continue;
    connection.exec(render_migration(m.sql, kSqliteBlob));
    connection.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)")
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

void require_schema_tables(SqliteConnection& connection) {
  std::set<std::string> present;
  auto st = connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
  while (st.step())
    present.insert(st.column_text(0));
  std::vector<std::string> missing;
  for (const std::string_view table : schema_tables()) {
    if (!present.contains(std::string(table))) missing.emplace_back(table);
  }
  refuse_missing_tables(missing, connection.path_label());
}

}  // namespace l402d::store
