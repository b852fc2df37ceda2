#include "store/postgres_window_counters.hpp"

#include <algorithm>

#include "store/postgres_transaction.hpp"

namespace l402d::store {
namespace {

// A count lost by a crash is one more use for the client: not worth a flush.
constexpr TxPolicy kLazy{false, false};
constexpr std::int64_t kPurgeEvery = 60;

std::int64_t window_end(std::int64_t now, std::int64_t window) {
  return now - ((now % window) + window) % window + window;
}

}  // namespace

access::Take PostgresWindowCounters::take(const std::string& key, std::uint32_t limit,
                                          std::int64_t window_seconds, std::int64_t now) {
  const auto window = std::max<std::int64_t>(window_seconds, 1);
  const auto end = window_end(now, window);
  if (limit == 0) return {false, 0, end - now};
  purge_now_and_then(now);
  // A new window starts the count at 1; within one, the WHERE refuses the take
  // at the limit and nothing is written or returned.
  auto used = run_transaction(pool_, kLazy, [&](PostgresConnection& c) -> std::int64_t {
    auto r = c.prepare(
                  "INSERT INTO window_counts AS w (key, window_end, used) VALUES ($1, $2, 1)"
                  " ON CONFLICT (key) DO UPDATE SET"
                  " used = CASE WHEN w.window_end = excluded.window_end THEN w.used + 1 ELSE 1 END,"
                  " window_end = excluded.window_end"
                  " WHERE w.window_end <> excluded.window_end OR w.used < $3"
                  " RETURNING used")
                 .bind(1, key)
                 .bind(2, end)
                 .bind(3, std::int64_t{limit})
                 .run();
    return r.rows() == 0 ? -1 : r.int64(0, 0);
  });
  if (used < 0) return {false, 0, end - now};
  return {true, limit - static_cast<std::uint32_t>(std::min<std::int64_t>(used, limit)), 0};
}

void PostgresWindowCounters::give_back(const std::string& key, std::int64_t window_seconds,
                                       std::int64_t now) {
  const auto end = window_end(now, std::max<std::int64_t>(window_seconds, 1));
  run_transaction(pool_, kLazy, [&](PostgresConnection& c) {
    c.prepare(
         "UPDATE window_counts SET used = used - 1"
         " WHERE key = $1 AND window_end = $2 AND used > 0")
        .bind(1, key)
        .bind(2, end)
        .run();
    return true;
  });
}

std::size_t PostgresWindowCounters::purge(std::int64_t now) {
  return run_transaction(pool_, kLazy, [&](PostgresConnection& c) {
    return static_cast<std::size_t>(c.prepare("DELETE FROM window_counts WHERE window_end <= $1")
                                        .bind(1, now)
                                        .run()
                                        .affected());
  });
}

void PostgresWindowCounters::purge_now_and_then(std::int64_t now) {
  auto due = next_purge_.load();
  // One caller per minute per instance wins the exchange and purges.
  if (now < due || !next_purge_.compare_exchange_strong(due, now + kPurgeEvery)) return;
  purge(now);
}

}  // namespace l402d::store
