#include "store/sqlite_pool.hpp"

#include <stdexcept>

namespace l402d::store {

SqliteConnectionPool::SqliteConnectionPool(
    std::vector<std::unique_ptr<SqliteConnection>> connections)
    : connections_(std::move(connections)) {
  if (connections_.empty()) throw std::invalid_argument("store: empty connection pool");
  for (auto& c : connections_)
    idle_.push_back(c.get());
}

SqliteConnectionPool::Lease::~Lease() {
  if (pool_) pool_->release(connection_);
}

SqliteConnectionPool::Lease SqliteConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  available_.wait(lock, [&] { return !idle_.empty(); });
  SqliteConnection* connection = idle_.back();
  idle_.pop_back();
  return Lease(*this, *connection);
}

void SqliteConnectionPool::release(SqliteConnection* connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(connection);
  }
  available_.notify_one();
}

}  // namespace l402d::store
