#pragma once

// IdempotencyRecords in PostgreSQL, shared by every instance on the database.
// The first entry under a key wins with INSERT ... ON CONFLICT, which only
// replaces an entry that has expired; expired rows are deleted once a minute
// by whichever caller comes first.

#include <atomic>
#include <cstdint>

#include "store/idempotency_records.hpp"
#include "store/postgres_pool.hpp"

namespace l402d::store {

class PostgresIdempotencyRecords final : public IdempotencyRecords {
 public:
  // `pool` must outlive the records.
  explicit PostgresIdempotencyRecords(PostgresPool& pool) : pool_(pool) {}

  // Throw StoreError when the database fails.
  std::optional<std::string> find_entry(const std::string& key, std::int64_t now) override;
  void keep_entry(const std::string& key, const std::string& entry, std::int64_t expires_at,
                  std::int64_t now) override;
  std::size_t purge_entries(std::int64_t now) override;

 private:
  void purge_now_and_then(std::int64_t now);

  PostgresPool& pool_;
  std::atomic<std::int64_t> next_purge_{0};
};

}  // namespace l402d::store
