#pragma once

// A small fixed pool of database connections (SQLite or PostgreSQL), each lent
// to one thread at a time; a thread that finds every connection busy waits for
// one to come back. A connection that can break (a PostgreSQL server that went
// away: restart, pg_terminate_backend, network) is reconnected when it is next
// lent out, so an outage costs the requests made during it and nothing after.

#include <concepts>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace l402d::store {

template <class Connection>
class ConnectionPool {
 public:
  explicit ConnectionPool(std::vector<std::unique_ptr<Connection>> connections)
      : connections_(std::move(connections)) {
    if (connections_.empty()) throw std::invalid_argument("store: empty connection pool");
    for (auto& c : connections_)
      idle_.push_back(c.get());
  }
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A borrowed connection, returned to the pool when the lease ends.
  class Lease {
   public:
    Lease(ConnectionPool& pool, Connection& connection) : pool_(&pool), connection_(&connection) {}
    Lease(Lease&& other) noexcept : pool_(other.pool_), connection_(other.connection_) {
      other.pool_ = nullptr;
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_) pool_->release(connection_);
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_; }

   private:
    ConnectionPool* pool_;
    Connection* connection_;
  };

  // Waits for an idle connection and reconnects it if it is broken; a failed
  // reconnect throws what the connection throws and leaves it broken for the
  // next borrower.
  Lease acquire() {
    Connection* connection = nullptr;
    {
      std::unique_lock lock(mutex_);
      available_.wait(lock, [&] { return !idle_.empty(); });
      connection = idle_.back();
      idle_.pop_back();
    }
    Lease lease(*this, *connection);
    // Outside the lock: a reconnect may wait up to the connect timeout.
    if constexpr (requires(Connection & c) {
                    { c.broken() } -> std::convertible_to<bool>;
                    c.reconnect();
                  }) {
      if (connection->broken()) connection->reconnect();
    }
    return lease;
  }
  std::size_t size() const { return connections_.size(); }

 private:
  void release(Connection* connection) {
    {
      std::lock_guard lock(mutex_);
      idle_.push_back(connection);
    }
    available_.notify_one();
  }

  std::vector<std::unique_ptr<Connection>> connections_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Connection*> idle_;
};

}  // namespace l402d::store
