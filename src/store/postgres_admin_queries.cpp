// PostgresStore's AdminQueries half: service settings every instance reads
// (each reloads them every few seconds), token listings and the books.

#include <algorithm>
#include <limits>

#include "store/postgres_store.hpp"
#include "store/postgres_transaction.hpp"
#include "store/state_names.hpp"

namespace l402d::store {

namespace {

using Conn = PostgresConnection;

constexpr TxPolicy kDurable{};

constexpr std::string_view kTokenColumns =
    "SELECT token_id, payment_hash, service, request_hash, state, attempts, created_at,"
    " updated_at, lease_until, last_error, price_msat FROM tokens ";

StoreError corrupt_row(Conn& c, std::string_view what) {
  return StoreError(StoreError::Kind::corrupt,
                    "store: " + c.label() + ": corrupt row: " + std::string(what));
}

std::uint64_t unsigned_of(Conn& c, std::int64_t v, std::string_view what) {
  if (v < 0) throw corrupt_row(c, std::string(what) + " is negative");
  return static_cast<std::uint64_t>(v);
}

TokenRecord read_token_row(Conn& c, const PgResult& r, int row) {
  TokenRecord t;
  t.token_id = r.hash(row, 0);
  t.payment_hash = r.hash(row, 1);
  t.service = r.text(row, 2);
  if (!r.is_null(row, 3)) t.request_hash = r.hash(row, 3);
  const auto state = token_state_from_string(r.text(row, 4));
  if (!state) throw corrupt_row(c, "unknown token state");
  t.state = *state;
  t.attempts = static_cast<int>(r.int64(row, 5));
  t.created_at = r.int64(row, 6);
  t.updated_at = r.int64(row, 7);
  t.lease_until = r.int64(row, 8);
  t.last_error = r.text(row, 9);
  t.price_msat = unsigned_of(c, r.int64(row, 10), "price_msat");
  return t;
}

std::vector<TokenRecord> read_token_rows(Conn& c, const PgResult& r) {
  std::vector<TokenRecord> out;
  for (int row = 0; row < r.rows(); ++row)
    out.push_back(read_token_row(c, r, row));
  return out;
}

std::int64_t limit_of(std::size_t n) {
  return static_cast<std::int64_t>(std::min<std::size_t>(n, 1u << 20));
}

}  // namespace

std::vector<ServiceSetting> PostgresStore::service_settings() {
  return run_read(*pool_, [&](Conn& c) {
    auto r = c.prepare(
                  "SELECT service, price_sats, enabled, updated_at FROM service_settings"
                  " ORDER BY service")
                 .run();
    std::vector<ServiceSetting> out;
    for (int row = 0; row < r.rows(); ++row) {
      ServiceSetting s;
      s.service = r.text(row, 0);
      if (const auto price = r.int64(row, 1); price >= 0) s.price_sats = price;
      if (const auto enabled = r.int64(row, 2); enabled >= 0) s.enabled = enabled == 1;
      s.updated_at = r.int64(row, 3);
      out.push_back(std::move(s));
    }
    return out;
  });
}

void PostgresStore::put_service_setting(const ServiceSetting& s) {
  const std::int64_t price =
      s.price_sats ? static_cast<std::int64_t>(std::min<std::uint64_t>(
                         *s.price_sats, std::numeric_limits<std::int64_t>::max() / 1000))
                   : -1;
  const std::int64_t enabled = s.enabled ? (*s.enabled ? 1 : 0) : -1;
  run_transaction(*pool_, kDurable, [&](Conn& c) {
    c.prepare(
         "INSERT INTO service_settings AS s (service, price_sats, enabled, updated_at)"
         " VALUES ($1, $2, $3, $4) ON CONFLICT (service) DO UPDATE SET"
         " price_sats = CASE WHEN excluded.price_sats >= 0 THEN excluded.price_sats"
         " ELSE s.price_sats END,"
         " enabled = CASE WHEN excluded.enabled >= 0 THEN excluded.enabled ELSE s.enabled END,"
         " updated_at = excluded.updated_at")
        .bind(1, s.service)
        .bind(2, price)
        .bind(3, enabled)
        .bind(4, s.updated_at)
        .run();
    return true;
  });
}

std::vector<TokenRecord> PostgresStore::list_tokens(const TokenQuery& q) {
  return run_read(*pool_, [&](Conn& c) {
    auto r = c.prepare(std::string(kTokenColumns) +
                       "WHERE ($1 = '' OR service = $1) AND ($2 = '' OR state = $2)"
                       " AND created_at >= $3 AND created_at < $4"
                       " ORDER BY created_at DESC, token_id LIMIT $5")
                 .bind(1, q.service)
                 .bind(2, q.state ? to_string(*q.state) : std::string_view(""))
                 .bind(3, q.since)
                 .bind(4, q.until)
                 .bind(5, limit_of(q.limit))
                 .run();
    return read_token_rows(c, r);
  });
}

std::vector<TokenRecord> PostgresStore::tokens_of_service(std::string_view service) {
  return run_read(*pool_, [&](Conn& c) {
    auto r = c.prepare(std::string(kTokenColumns) + "WHERE service = $1 ORDER BY created_at")
                 .bind(1, service)
                 .run();
    return read_token_rows(c, r);
  });
}

std::vector<RevenueDay> PostgresStore::revenue(std::int64_t since) {
  return run_read(*pool_, [&](Conn& c) {
    auto r = c.prepare(
                  "SELECT created_at / 86400, service,"
                  " CAST(SUM(CASE WHEN state <> 'issued' THEN price_msat ELSE 0 END) AS BIGINT),"
                  " COUNT(*),"
                  " CAST(SUM(CASE WHEN state <> 'issued' THEN 1 ELSE 0 END) AS BIGINT),"
                  " CAST(SUM(CASE WHEN state = 'redeemed' THEN 1 ELSE 0 END) AS BIGINT),"
                  " CAST(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END) AS BIGINT)"
                  " FROM tokens WHERE created_at >= $1 GROUP BY 1, 2 ORDER BY 1, 2")
                 .bind(1, since)
                 .run();
    std::vector<RevenueDay> out;
    for (int row = 0; row < r.rows(); ++row) {
      RevenueDay d;
      d.day = r.int64(row, 0);
      d.service = r.text(row, 1);
      d.earned_msat = unsigned_of(c, r.int64(row, 2), "earned");
      d.recorded = unsigned_of(c, r.int64(row, 3), "count");
      d.paid = unsigned_of(c, r.int64(row, 4), "count");
      d.redeemed = unsigned_of(c, r.int64(row, 5), "count");
      d.failed = unsigned_of(c, r.int64(row, 6), "count");
      out.push_back(std::move(d));
    }
    return out;
  });
}

}  // namespace l402d::store
