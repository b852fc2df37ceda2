#pragma once

// The SQLite implementation of Store: WAL journal, a small connection pool with
// per-connection statement caches, versioned migrations, and synchronous=FULL
// commits for every write a client's money depends on (docs/store.md). Token
// writes follow claim_rules.hpp; this class only reads and writes rows.

#include <functional>
#include <memory>
#include <mutex>
#include <string_view>

#include "store/sqlite_pool.hpp"
#include "store/sqlite_transaction.hpp"
#include "store/store.hpp"

namespace l402d::store {

class SqliteStore final : public Store {
 public:
  // Creates the file (mode 0600) if needed, opens the pool and migrates.
  explicit SqliteStore(const SqliteOptions& options);

  void put_root_key(const Hash32& identifier_hash, const Hash32& root_key) override;
  std::optional<Hash32> get_root_key(const Hash32& identifier_hash) override;
  bool delete_root_key(const Hash32& identifier_hash) override;

  void revoke(const Hash32& token_id) override;
  bool is_revoked(const Hash32& token_id) override;
  RevocationBatch revoked_since(std::int64_t cursor) override;

  void insert_invoice(const InvoiceRecord& invoice) override;
  std::optional<InvoiceRecord> find_invoice(const Hash32& payment_hash) override;
  bool settle_invoice(const Hash32& payment_hash, std::int64_t settled_at) override;
  bool cancel_invoice(const Hash32& payment_hash) override;

  void record_token_issued(const TokenRecord& token) override;
  void mark_token_paid(const TokenRecord& token, std::int64_t now) override;
  Claim claim_token(const TokenRecord& token, std::int64_t now,
                    std::int64_t lease_seconds) override;
  bool complete_token(const Hash32& token_id, const StoredResult& result,
                      std::int64_t now) override;
  bool fail_token(const Hash32& token_id, const std::string& error, std::int64_t now) override;
  std::optional<TokenRecord> find_token(const Hash32& token_id) override;
  UseTake take_use(const TokenRecord& token, std::uint32_t limit, std::int64_t now) override;
  void return_use(const Hash32& token_id, std::int64_t now) override;
  std::size_t purge_results(std::int64_t before) override;
  std::size_t end_claims_of_a_previous_life() override;

  void create_job(const JobRecord& job) override;
  std::optional<JobRecord> find_job(std::string_view job_id) override;
  std::optional<JobRecord> find_job_for_token(const Hash32& token_id) override;
  void set_job_progress(std::string_view job_id, const JobProgress& progress,
                        std::int64_t now) override;
  void set_job_error(std::string_view job_id, std::string_view code, std::string_view message,
                     std::int64_t now) override;
  void set_job_callback(std::string_view job_id, CallbackState state, int attempts,
                        std::int64_t now) override;
  std::vector<JobRecord> orphaned_jobs(std::int64_t now, std::size_t limit) override;
  std::vector<JobRecord> pending_callbacks(std::size_t limit) override;
  std::size_t purge_jobs(std::int64_t before) override;
  bool extend_lease(const Hash32& token_id, std::int64_t until) override;

  std::vector<ServiceSetting> service_settings() override;
  void put_service_setting(const ServiceSetting& setting) override;
  std::vector<TokenRecord> list_tokens(const TokenQuery& query) override;
  std::vector<TokenRecord> tokens_of_service(std::string_view service) override;
  std::vector<RevenueDay> revenue(std::int64_t since) override;

  Bytes secret(std::string_view name, std::size_t size) override;

  int schema_version() override;

  // Called after each committed write with the operation's name and the PRAGMA
  // synchronous level it committed under, so tests can check durability choices.
  // Set it before the store is shared between threads.
  using WriteObserver = std::function<void(std::string_view operation, int synchronous)>;
  void set_write_observer(WriteObserver observer) { observer_ = std::move(observer); }

  std::size_t pool_size() const { return pool_->size(); }

 private:
  // Runs `body(connection)` inside a BEGIN IMMEDIATE transaction committed at
  // `durability` and returns its answer; an exception from `body` rolls back.
  template <class Body>
  auto write(std::string_view operation, Synchronous durability, Body&& body);

  std::unique_ptr<SqliteConnectionPool> pool_;
  // SQLite lets one writer in at a time and makes the others poll with
  // sleeps, so under a crowd of writers one could sleep past busy_timeout
  // and fail ("database is locked"). Queued here they wait their turn
  // instead; SQLite's own wait is left for other processes (the CLI, a
  // backup).
  std::mutex writer_;
  WriteObserver observer_;
};

template <class Body>
auto SqliteStore::write(std::string_view operation, Synchronous durability, Body&& body) {
  auto c = pool_->acquire();
  std::lock_guard turn(writer_);
  Transaction tx(*c, durability);
  auto out = body(*c);
  tx.commit();
  if (observer_) observer_(operation, c->synchronous());
  return out;
}

}  // namespace l402d::store
