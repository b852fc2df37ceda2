#pragma once

// SQLite's connections, pooled: each keeps its own statement cache.

#include "store/connection_pool.hpp"
#include "store/sqlite_connection.hpp"

namespace l402d::store {

using SqliteConnectionPool = ConnectionPool<SqliteConnection>;

}  // namespace l402d::store
