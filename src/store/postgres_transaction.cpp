#include "store/postgres_transaction.hpp"

#include <chrono>
#include <random>
#include <thread>

namespace l402d::store {

PgTransaction::PgTransaction(PostgresConnection& connection, bool durable)
    : connection_(connection) {
  connection_.prepare("BEGIN").run();
  if (!durable) connection_.prepare("SET LOCAL synchronous_commit = off").run();
}

PgTransaction::~PgTransaction() {
  if (commit_sent_ || connection_.broken() || !connection_.in_transaction()) return;
  try {
    connection_.prepare("ROLLBACK").run();
  } catch (...) {
    // Nothing better to do while unwinding; the server rolls back a transaction
    // whose session ends, and the pool reconnects a broken session.
  }
}

void PgTransaction::commit() {
  commit_sent_ = true;
  connection_.prepare("COMMIT").run();
}

bool lost_connection(const PgError& e) {
  // 08: connection exception; 57P01..57P03: the server is shutting down,
  // crashed or is not yet accepting sessions.
  const auto& s = e.sqlstate();
  return s.rfind("08", 0) == 0 || s == "57P01" || s == "57P02" || s == "57P03";
}

namespace {

bool conflict(const PgError& e, const TxPolicy& policy) {
  const auto& s = e.sqlstate();
  return s == kSerializationFailure || s == kDeadlockDetected ||
         (policy.retry_duplicate_key && s == kUniqueViolation);
}

// Exponential from 1 ms with full jitter, so two losers do not collide again.
void pause_before(int attempt) {
  thread_local std::minstd_rand random{std::random_device{}()};
  const int cap_us = 1000 << std::min(attempt, 7);
  std::uniform_int_distribution<int> pick(0, cap_us);
  std::this_thread::sleep_for(std::chrono::microseconds(pick(random)));
}

}  // namespace

bool retry_transaction(const PgError& error, const TxPolicy& policy, int attempt,
                       bool commit_sent) {
  // A conflict reported at COMMIT means it did not commit: safe to run again.
  if (lost_connection(error)) return !commit_sent && attempt == 1;
  if (!conflict(error, policy) || attempt >= policy.attempts) return false;
  pause_before(attempt);
  return true;
}

}  // namespace l402d::store
