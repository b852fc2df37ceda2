#pragma once

// A fixed pool of PostgreSQL connections, each lent to one thread at a time. A
// connection whose server went away (restart, pg_terminate_backend, network)
// is reconnected when it is next lent out, so an outage costs the requests made
// during it and nothing after.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/postgres_connection.hpp"

namespace l402d::store {

class PostgresPool {
 public:
  explicit PostgresPool(std::vector<std::unique_ptr<PostgresConnection>> connections);
  PostgresPool(const PostgresPool&) = delete;
  PostgresPool& operator=(const PostgresPool&) = delete;

  // Exclusive use of one connection until the lease is destroyed.
  class Lease {
   public:
    Lease(PostgresPool& pool, PostgresConnection& connection)
        : pool_(&pool), connection_(&connection) {}
    ~Lease();
    Lease(Lease&& other) noexcept : pool_(other.pool_), connection_(other.connection_) {
      other.pool_ = nullptr;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;

    PostgresConnection& operator*() const { return *connection_; }
    PostgresConnection* operator->() const { return connection_; }

   private:
    PostgresPool* pool_;
    PostgresConnection* connection_;
  };

  // Waits for an idle connection and reconnects it if it is broken; a failed
  // reconnect throws PgError(unavailable) and leaves it broken for next time.
  Lease acquire();
  std::size_t size() const { return connections_.size(); }

 private:
  void release(PostgresConnection* connection);

  std::vector<std::unique_ptr<PostgresConnection>> connections_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<PostgresConnection*> idle_;
};

}  // namespace l402d::store
