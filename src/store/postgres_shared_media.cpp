#include "store/postgres_shared_media.hpp"

#include "store/postgres_transaction.hpp"

namespace l402d::store {

namespace {
using Conn = PostgresConnection;
constexpr TxPolicy kDurable{};
constexpr TxPolicy kLazy{false, false};  // a purge a crash undoes runs again
}  // namespace

void PostgresSharedMedia::put(std::string_view name, ByteView body, std::int64_t written_at) {
  run_transaction(pool_, kDurable, [&](Conn& c) {
    c.prepare("INSERT INTO media (name, body, written_at) VALUES ($1, $2, $3)")
        .bind(1, name)
        .bind_blob(2, body)
        .bind(3, written_at)
        .run();
    return true;
  });
}

// One snapshot for the size and every slice, so a purge between slices reads
// as the whole file, not a truncated one. Not retried: what was written to
// `out` cannot be taken back (the caller discards it on an error).
std::optional<std::int64_t> PostgresSharedMedia::copy_to(std::string_view name, std::ostream& out) {
  auto c = pool_.acquire();
  PgTransaction tx(*c, true);
  c->exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  auto head =
      c->prepare("SELECT written_at, length(body) FROM media WHERE name = $1").bind(1, name).run();
  if (head.rows() != 1) return std::nullopt;
  const std::int64_t written_at = head.int64(0, 0);
  const std::int64_t size = head.int64(0, 1);
  for (std::int64_t offset = 0; offset < size; offset += kPieceBytes) {
    auto piece = c->prepare("SELECT substring(body FROM $2 FOR $3) FROM media WHERE name = $1")
                     .bind(1, name)
                     .bind(2, offset + 1)
                     .bind(3, kPieceBytes)
                     .run();
    const Bytes bytes = piece.blob(0, 0);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  }
  tx.commit();
  return written_at;
}

std::size_t PostgresSharedMedia::purge(std::int64_t before) {
  return run_transaction(pool_, kLazy, [&](Conn& c) {
    return static_cast<std::size_t>(
        c.prepare("DELETE FROM media WHERE written_at < $1").bind(1, before).run().affected());
  });
}

}  // namespace l402d::store
