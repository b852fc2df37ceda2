#pragma once

// Versioned migrations on PostgreSQL: the same list as SQLite's
// (migration_list.hpp) with {blob} rendered as BYTEA, recorded in the same
// schema_version table, so version N means the same schema on both.

#include "store/migration_list.hpp"
#include "store/postgres_connection.hpp"

namespace l402d::store {

// Brings the database up to `target` (default: the latest) in one transaction
// holding a transaction-scoped advisory lock, so instances starting together
// serialise on the server (not in a process) and a failure leaves the previous
// version intact. Returns the version reached. Throws StoreError(other) if the
// database is newer than this binary.
int migrate(PostgresConnection& connection, int target = latest_schema_version());

// The highest applied version, 0 for an empty database (or schema).
int current_schema_version(PostgresConnection& connection);
// Throws StoreError(other) if a table of the latest schema is missing.
void require_schema_tables(PostgresConnection& connection);

}  // namespace l402d::store
