#pragma once

// Versioned schema migrations. The list lives in code; the database records each
// applied version in schema_version, so reopening a migrated database applies
// nothing and a database written by a newer l402d is refused rather than misread.
//
// Migration SQL is written once for SQLite and PostgreSQL: the only spelling that
// differs, the binary column type, is the placeholder {blob} (BLOB / BYTEA).

#include <span>
#include <string>
#include <string_view>

#include "store/sqlite_connection.hpp"

namespace l402d::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // one or more statements, with {blob} placeholders
};

// Every migration, in version order starting at 1.
std::span<const Migration> migrations();
int latest_schema_version();

// Replaces each {blob} with `blob_type`.
std::string render_migration(std::string_view sql, std::string_view blob_type);

// Brings the database up to `target` (default: the latest) in one BEGIN IMMEDIATE
// transaction, so concurrent openers serialise and a failure leaves the previous
// version intact. Returns the version reached. Throws if the database is newer.
int migrate(SqliteConnection& connection, int target = latest_schema_version());

// The highest applied version, 0 for an empty database.
int current_schema_version(SqliteConnection& connection);

}  // namespace l402d::store
