#pragma once

// Versioned schema migrations. The list lives in code; the database records each
// applied version in schema_version, so reopening a migrated database applies
// nothing and a database written by a newer l402d is refused rather than misread.
//
// The list itself is shared with PostgreSQL (migration_list.hpp).

#include "store/migration_list.hpp"
#include "store/sqlite_connection.hpp"

namespace l402d::store {

// Brings the database up to `target` (default: the latest) in one BEGIN IMMEDIATE
// transaction, so concurrent openers serialise and a failure leaves the previous
// version intact. Returns the version reached. Throws if the database is newer.
int migrate(SqliteConnection& connection, int target = latest_schema_version());

// The highest applied version, 0 for an empty database.
int current_schema_version(SqliteConnection& connection);
// Throws StoreError(other) if a table of the latest schema is missing.
void require_schema_tables(SqliteConnection& connection);

}  // namespace l402d::store
