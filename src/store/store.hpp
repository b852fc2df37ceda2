#pragma once

// The database behind l402d: one object implementing every narrow interface the
// rest of the server needs (the token ledger, root keys, revocations, the
// builtin node's invoices, the server secrets), so one connection pool and one migration history
// serve them all. Callers take the narrowest interface they use; only whoever
// opens the database holds a Store. See docs/store.md.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "access/window_counters.hpp"
#include "l402/key_store.hpp"
#include "store/admin_queries.hpp"
#include "store/idempotency_records.hpp"
#include "store/invoice_store.hpp"
#include "store/job_store.hpp"
#include "store/revocation_store.hpp"
#include "store/secret_store.hpp"
#include "store/shared_media.hpp"
#include "store/store_error.hpp"
#include "store/store_health.hpp"
#include "store/token_ledger.hpp"

namespace l402d::store {

// A subscription to token changes made by other processes sharing the store;
// it lasts as long as this object.
class TokenChangeFeed {
 public:
  virtual ~TokenChangeFeed() = default;
};
using TokenChanged = std::function<void(const Hash32& token_id)>;
using InvoiceSettled = std::function<void(const Hash32& payment_hash)>;

class Store : public TokenLedger,
              public JobStore,
              public InvoiceStore,
              public RevocationStore,
              public SecretStore,
              public l402::RootKeyStore,
              public AdminQueries {
 public:
  ~Store() override = default;

  // The schema version this store is at (after migrations).
  virtual int schema_version() = 0;

  // State that instances sharing this store must share beyond the ledger, on
  // the store's connections (they must not outlive it). Null from a store that
  // serves one process (SQLite), whose caller keeps that state in memory.
  virtual std::unique_ptr<access::WindowCounters> shared_window_counters() { return nullptr; }
  virtual std::unique_ptr<IdempotencyRecords> shared_idempotency_records() { return nullptr; }
  virtual std::unique_ptr<SharedMedia> shared_media() { return nullptr; }
  // Calls `heard` (on a thread of the feed's own) whenever another process
  // sharing this store completes or fails a token, so that a request waiting
  // on it looks again at once. Null when no other process shares the store
  // (SQLite): this process already knows its own changes.
  virtual std::unique_ptr<TokenChangeFeed> watch_token_changes(TokenChanged heard) {
    (void)heard;
    return nullptr;
  }
  // The same for the builtin node's invoices settled by another process.
  virtual std::unique_ptr<TokenChangeFeed> watch_invoice_settlements(InvoiceSettled heard) {
    (void)heard;
    return nullptr;
  }
  // Whether the database answers, for a store across a network; null for an
  // embedded one (SQLite), which is there whenever the process is.
  virtual StoreHealth* health() { return nullptr; }
  // Ends every claim still held on a token in progress, so the next attempt
  // takes it over at once; returns how many. Only for a store that one process
  // serves, called at its start under app::InstanceLock: every such claim was
  // then its previous life's, and the buyer's retry would otherwise wait out
  // the lease (the job timeout). A shared store (PostgreSQL) cannot tell a dead
  // instance's claim from a live one's, so it does nothing.
  virtual std::size_t end_claims_of_a_previous_life() { return 0; }
};

struct SqliteOptions {
  // ":memory:" is allowed for tests; each connection then gets its own database,
  // so the pool size is forced to one.
  std::filesystem::path path;
  int pool_size = 4;
  // 0 fails at once with StoreError(unavailable) when another writer holds the lock.
  int busy_timeout_ms = 5000;
};

// Opens (creating if needed, mode 0600) and migrates an SQLite store.
// Throws StoreError naming the path with SQLite's reason on failure, and
// std::invalid_argument for an empty path.
std::unique_ptr<Store> open_sqlite_store(const SqliteOptions& options);

struct PostgresOptions {
  // A libpq connection URI, postgresql://user@host:5432/db?sslmode=verify-full;
  // every parameter libpq knows applies (TLS, timeouts, application_name, ...).
  std::string url;
  // Read at open, surrounding whitespace trimmed; L402D_STORE_PASSWORD wins when
  // set. Empty: the URI's own password, ~/.pgpass, or none.
  std::filesystem::path password_file;
  int pool_size = 4;
  // Bounds each connection attempt unless the URI sets connect_timeout.
  int connect_timeout_seconds = 5;
};

// Connects (every pooled connection at once) and migrates a PostgreSQL store.
// Throws StoreError(unavailable) when the server cannot be reached, naming the
// URI with its password redacted, and std::invalid_argument for an empty URI.
std::unique_ptr<Store> open_postgres_store(const PostgresOptions& options);

}  // namespace l402d::store
