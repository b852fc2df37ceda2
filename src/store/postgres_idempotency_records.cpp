#include "store/postgres_idempotency_records.hpp"

#include "store/postgres_transaction.hpp"

namespace l402d::store {
namespace {

// A key forgotten by a crash costs the client a second invoice, not money:
// the first one was never paid, or its token is in the ledger.
constexpr TxPolicy kLazy{false, false};
constexpr std::int64_t kPurgeEvery = 60;

}  // namespace

std::optional<std::string> PostgresIdempotencyRecords::find_entry(const std::string& key,
                                                                  std::int64_t now) {
  return run_read(pool_, [&](PostgresConnection& c) -> std::optional<std::string> {
    auto r = c.prepare("SELECT entry FROM idempotency_keys WHERE key = $1 AND expires_at > $2")
                 .bind(1, key)
                 .bind(2, now)
                 .run();
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
  });
}

void PostgresIdempotencyRecords::keep_entry(const std::string& key, const std::string& entry,
                                            std::int64_t expires_at, std::int64_t now) {
  purge_now_and_then(now);
  run_transaction(pool_, kLazy, [&](PostgresConnection& c) {
    c.prepare(
         "INSERT INTO idempotency_keys AS k (key, entry, expires_at) VALUES ($1, $2, $3)"
         " ON CONFLICT (key) DO UPDATE SET entry = excluded.entry, expires_at = excluded.expires_at"
         " WHERE k.expires_at <= $4")
        .bind(1, key)
        .bind(2, entry)
        .bind(3, expires_at)
        .bind(4, now)
        .run();
    return true;
  });
}

std::size_t PostgresIdempotencyRecords::purge_entries(std::int64_t now) {
  return run_transaction(pool_, kLazy, [&](PostgresConnection& c) {
    return static_cast<std::size_t>(c.prepare("DELETE FROM idempotency_keys WHERE expires_at <= $1")
                                        .bind(1, now)
                                        .run()
                                        .affected());
  });
}

void PostgresIdempotencyRecords::purge_now_and_then(std::int64_t now) {
  auto due = next_purge_.load();
  // One caller per minute per instance wins the exchange and purges.
  if (now < due || !next_purge_.compare_exchange_strong(due, now + kPurgeEvery)) return;
  purge_entries(now);
}

}  // namespace l402d::store
