#pragma once

// The PostgreSQL implementation of Store, for several l402d instances sharing
// one database. Token writes follow claim_rules.hpp, as SQLite's do; what
// differs is how they are made atomic across processes: each token
// transaction locks its row (SELECT ... FOR UPDATE), so claimers of one token
// queue on the server while claimers of other tokens do not wait at all, and
// the primary key settles a race to create a row (docs/store.md).

#include <memory>
#include <string>

#include "store/postgres_pool.hpp"
#include "store/store.hpp"
#include "store/use_batcher.hpp"

namespace l402d::store {

class PostgresStore final : public Store {
 public:
  // Connects the pool and migrates; `password` as read_postgres_password gave it.
  PostgresStore(const PostgresOptions& options, const std::string& password);

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
  std::unique_ptr<access::WindowCounters> shared_window_counters() override;
  std::unique_ptr<IdempotencyRecords> shared_idempotency_records() override;
  std::unique_ptr<SharedMedia> shared_media() override;
  std::unique_ptr<TokenChangeFeed> watch_token_changes(TokenChanged heard) override;
  std::unique_ptr<TokenChangeFeed> watch_invoice_settlements(InvoiceSettled heard) override;
  StoreHealth* health() override { return health_.get(); }

  PostgresPool& pool() { return *pool_; }
  const UseBatcher& use_batcher() const { return uses_; }

 private:
  std::shared_ptr<StoreHealth> health_ = std::make_shared<StoreHealth>();
  PgConnectParams params_;  // for connections beyond the pool (the change feed)
  std::unique_ptr<PostgresPool> pool_;
  UseBatcher uses_;  // after pool_, which it uses
};

}  // namespace l402d::store
