#pragma once

// PostgreSQL's connections, pooled: each keeps its own prepared statements,
// and one whose server went away is reconnected when next lent out.

#include "store/connection_pool.hpp"
#include "store/postgres_connection.hpp"

namespace l402d::store {

using PostgresPool = ConnectionPool<PostgresConnection>;

}  // namespace l402d::store
