#pragma once

// SharedMedia in PostgreSQL's `media` table (migration 8), read back in 1 MiB
// slices so that a long song never sits whole in l402d's memory.

#include "store/postgres_pool.hpp"
#include "store/shared_media.hpp"

namespace l402d::store {

class PostgresSharedMedia final : public SharedMedia {
 public:
  static constexpr std::int64_t kPieceBytes = 1 << 20;

  explicit PostgresSharedMedia(PostgresPool& pool) : pool_(pool) {}
  void put(std::string_view name, ByteView body, std::int64_t written_at) override;
  std::optional<std::int64_t> copy_to(std::string_view name, std::ostream& out) override;
  std::size_t purge(std::int64_t before) override;

 private:
  PostgresPool& pool_;
};

}  // namespace l402d::store
