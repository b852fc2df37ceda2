#pragma once

// access::WindowCounters in PostgreSQL, shared by every instance on the
// database: one row per key holding its current window's end and count, taken
// with one atomic upsert (INSERT ... ON CONFLICT DO UPDATE ... RETURNING), so
// concurrent takes at any instances never exceed the limit. Rows of ended
// windows are deleted once a minute by whichever caller comes first.

#include <atomic>
#include <cstdint>

#include "access/window_counters.hpp"
#include "store/postgres_pool.hpp"

namespace l402d::store {

class PostgresWindowCounters final : public access::WindowCounters {
 public:
  // `pool` must outlive the counters.
  explicit PostgresWindowCounters(PostgresPool& pool) : pool_(pool) {}
  bool may_block() const override { return true; }

  // Throws StoreError when the database fails.
  access::Take take(const std::string& key, std::uint32_t limit, std::int64_t window_seconds,
                    std::int64_t now) override;
  void give_back(const std::string& key, std::int64_t window_seconds, std::int64_t now) override;
  // Deletes the rows of windows ended at `now`; returns how many.
  std::size_t purge(std::int64_t now);

 private:
  void purge_now_and_then(std::int64_t now);

  PostgresPool& pool_;
  std::atomic<std::int64_t> next_purge_{0};
};

}  // namespace l402d::store
