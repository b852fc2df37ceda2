#pragma once

// A small fixed pool of SQLite connections. Each connection keeps its own
// statement cache and is lent to one thread at a time; a thread that finds every
// connection busy waits for one to come back.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite_connection.hpp"

namespace l402d::store {

class SqliteConnectionPool {
 public:
  explicit SqliteConnectionPool(std::vector<std::unique_ptr<SqliteConnection>> connections);
  SqliteConnectionPool(const SqliteConnectionPool&) = delete;
  SqliteConnectionPool& operator=(const SqliteConnectionPool&) = delete;

  // Exclusive use of one connection until the lease is destroyed.
  class Lease {
   public:
    Lease(SqliteConnectionPool& pool, SqliteConnection& connection)
        : pool_(&pool), connection_(&connection) {}
    ~Lease();
    Lease(Lease&& other) noexcept : pool_(other.pool_), connection_(other.connection_) {
      other.pool_ = nullptr;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;

    SqliteConnection& operator*() const { return *connection_; }
    SqliteConnection* operator->() const { return connection_; }

   private:
    SqliteConnectionPool* pool_;
    SqliteConnection* connection_;
  };

  Lease acquire();
  std::size_t size() const { return connections_.size(); }

 private:
  void release(SqliteConnection* connection);

  std::vector<std::unique_ptr<SqliteConnection>> connections_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<SqliteConnection*> idle_;
};

}  // namespace l402d::store
