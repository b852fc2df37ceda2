#pragma once

// Transactions on PostgreSQL and when to run one again. The store's
// transactions are READ COMMITTED and lock what they read (SELECT ... FOR
// UPDATE, LOCK TABLE), so conflicts are rare; when the server still reports a
// serialization failure (40001) or picks this transaction as a deadlock victim
// (40P01), the whole transaction, reads included, is run again on a fresh
// snapshot after a short randomised pause. Nothing is retried once COMMIT has
// been sent: if the connection dies then, whether it committed is unknown, and
// running a claim or a completion twice is worse than a 503.

#include <string_view>
#include <utility>

#include "store/postgres_pool.hpp"

namespace l402d::store {

struct TxPolicy {
  // false: SET LOCAL synchronous_commit = off, for writes a crash may undo
  // (a use of a reusable token, a purge) without costing anyone money.
  bool durable = true;
  // Read-decide-insert transactions (the token rules) race on a row that did
  // not exist when they looked: the loser's INSERT hits the primary key, and run
  // again it finds the winner's row and locks it. Elsewhere a duplicate key is a
  // caller's error and is not retried.
  bool retry_duplicate_key = false;
  int attempts = 8;  // conflicts; a lost connection before COMMIT is retried once
};

class PgTransaction {
 public:
  PgTransaction(PostgresConnection& connection, bool durable);
  // Rolls back unless committed (and the session is still there).
  ~PgTransaction();
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;

  void commit();
  bool commit_sent() const { return commit_sent_; }

 private:
  PostgresConnection& connection_;
  bool commit_sent_ = false;
};

// The session is gone or going: a fresh connection may succeed.
bool lost_connection(const PgError& error);

// Whether a transaction that failed with `error` on its `attempt` (from 1) runs
// again; sleeps first when it does.
bool retry_transaction(const PgError& error, const TxPolicy& policy, int attempt, bool commit_sent);

// Runs `body(connection)` in a transaction on a pooled connection and returns
// its answer, retrying as above. Any other exception rolls back and passes.
template <class Body>
auto run_transaction(PostgresPool& pool, const TxPolicy& policy, Body&& body) {
  for (int attempt = 1;; ++attempt) {
    bool commit_sent = false;
    try {
      auto c = pool.acquire();
      PgTransaction tx(*c, policy.durable);
      auto out = body(*c);
      commit_sent = true;
      tx.commit();
      return out;
    } catch (const PgError& e) {
      if (!retry_transaction(e, policy, attempt, commit_sent)) throw;
    }
  }
}

// Runs a read outside any transaction; a read that lost its connection is run
// once more on a fresh one, since reading twice changes nothing.
template <class Body>
auto run_read(PostgresPool& pool, Body&& body) {
  for (int attempt = 1;; ++attempt) {
    try {
      auto c = pool.acquire();
      return body(*c);
    } catch (const PgError& e) {
      if (attempt > 1 || !lost_connection(e)) throw;
    }
  }
}

}  // namespace l402d::store
