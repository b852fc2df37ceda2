#include "store/postgres_pool.hpp"

#include <stdexcept>

namespace l402d::store {

PostgresPool::PostgresPool(std::vector<std::unique_ptr<PostgresConnection>> connections)
    : connections_(std::move(connections)) {
  if (connections_.empty()) throw std::invalid_argument("store: empty connection pool");
  for (auto& c : connections_)
    idle_.push_back(c.get());
}

PostgresPool::Lease::~Lease() {
  if (pool_) pool_->release(connection_);
}

PostgresPool::Lease PostgresPool::acquire() {
  PostgresConnection* connection = nullptr;
  {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !idle_.empty(); });
    connection = idle_.back();
    idle_.pop_back();
  }
  Lease lease(*this, *connection);
  // Outside the lock: a reconnect may wait up to the connect timeout.
  if (connection->broken()) connection->reconnect();
  return lease;
}

void PostgresPool::release(PostgresConnection* connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(connection);
  }
  available_.notify_one();
}

}  // namespace l402d::store
