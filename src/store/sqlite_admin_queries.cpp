// SqliteStore's AdminQueries half: service settings, token listings and the
// books (docs/admin.md).

#include <algorithm>
#include <limits>

#include "store/sqlite_store.hpp"
#include "store/state_names.hpp"

namespace l402d::store {

namespace {

constexpr std::string_view kTokenColumns =
    "SELECT token_id, payment_hash, service, request_hash, state, attempts, created_at,"
    " updated_at, lease_until, last_error, price_msat FROM tokens ";

StoreError corrupt_row(SqliteConnection& c, std::string_view what) {
  return StoreError(StoreError::Kind::corrupt,
                    "store: " + c.path_label() + ": corrupt row: " + std::string(what));
}

std::uint64_t unsigned_of(SqliteConnection& c, std::int64_t v, std::string_view what) {
  if (v < 0) throw corrupt_row(c, std::string(what) + " is negative");
  return static_cast<std::uint64_t>(v);
}

TokenRecord read_token_row(SqliteConnection& c, const Statement& st) {
  TokenRecord t;
  t.token_id = st.column_hash(0);
  t.payment_hash = st.column_hash(1);
  t.service = st.column_text(2);
  if (!st.is_null(3)) t.request_hash = st.column_hash(3);
  const auto state = token_state_from_string(st.column_text(4));
  if (!state) throw corrupt_row(c, "unknown token state");
  t.state = *state;
  t.attempts = static_cast<int>(st.column_int64(5));
  t.created_at = st.column_int64(6);
  t.updated_at = st.column_int64(7);
  t.lease_until = st.column_int64(8);
  t.last_error = st.column_text(9);
  t.price_msat = unsigned_of(c, st.column_int64(10), "price_msat");
  return t;
}

std::vector<TokenRecord> read_token_rows(SqliteConnection& c, Statement& st) {
  std::vector<TokenRecord> out;
  while (st.step())
    out.push_back(read_token_row(c, st));
  return out;
}

std::int64_t limit_of(std::size_t n) {
  return static_cast<std::int64_t>(std::min<std::size_t>(n, 1u << 20));
}

}  // namespace

std::vector<ServiceSetting> SqliteStore::service_settings() {
  auto c = pool_->acquire();
  auto st = c->prepare(
      "SELECT service, price_sats, enabled, updated_at FROM service_settings ORDER BY service");
  std::vector<ServiceSetting> out;
  while (st.step()) {
    ServiceSetting s;
    s.service = st.column_text(0);
    if (const auto price = st.column_int64(1); price >= 0) s.price_sats = price;
    if (const auto enabled = st.column_int64(2); enabled >= 0) s.enabled = enabled == 1;
    s.updated_at = st.column_int64(3);
    out.push_back(std::move(s));
  }
  return out;
}

// FULL: the operator is told the change is made.
void SqliteStore::put_service_setting(const ServiceSetting& s) {
  const std::int64_t price =
      s.price_sats ? static_cast<std::int64_t>(std::min<std::uint64_t>(
                         *s.price_sats, std::numeric_limits<std::int64_t>::max() / 1000))
                   : -1;
  const std::int64_t enabled = s.enabled ? (*s.enabled ? 1 : 0) : -1;
  write("put_service_setting", Synchronous::full, [&](SqliteConnection& c) {
    c.prepare(
         "INSERT INTO service_settings (service, price_sats, enabled, updated_at)"
         " VALUES (?, ?, ?, ?) ON CONFLICT (service) DO UPDATE SET"
         " price_sats = CASE WHEN excluded.price_sats >= 0 THEN excluded.price_sats"
         " ELSE service_settings.price_sats END,"
         " enabled = CASE WHEN excluded.enabled >= 0 THEN excluded.enabled"
         " ELSE service_settings.enabled END, updated_at = excluded.updated_at")
        .bind(1, s.service)
        .bind(2, price)
        .bind(3, enabled)
        .bind(4, s.updated_at)
        .run();
    return true;
  });
}

std::vector<TokenRecord> SqliteStore::list_tokens(const TokenQuery& q) {
  auto c = pool_->acquire();
  auto st = c->prepare(std::string(kTokenColumns) +
                       "WHERE (?1 = '' OR service = ?1) AND (?2 = '' OR state = ?2)"
                       " AND created_at >= ?3 AND created_at < ?4"
                       " ORDER BY created_at DESC, token_id LIMIT ?5");
  // "" rather than an empty view: SQLite binds a view without data as NULL.
  st.bind(1, q.service)
      .bind(2, q.state ? to_string(*q.state) : std::string_view(""))
      .bind(3, q.since)
      .bind(4, q.until)
      .bind(5, limit_of(q.limit));
  return read_token_rows(*c, st);
}

std::vector<TokenRecord> SqliteStore::tokens_of_service(std::string_view service) {
  auto c = pool_->acquire();
  auto st = c->prepare(std::string(kTokenColumns) + "WHERE service = ? ORDER BY created_at");
  st.bind(1, service);
  return read_token_rows(*c, st);
}

std::vector<RevenueDay> SqliteStore::revenue(std::int64_t since) {
  auto c = pool_->acquire();
  auto st = c->prepare(
      "SELECT created_at / 86400, service,"
      " SUM(CASE WHEN state <> 'issued' THEN price_msat ELSE 0 END), COUNT(*),"
      " SUM(CASE WHEN state <> 'issued' THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN state = 'redeemed' THEN 1 ELSE 0 END),"
      " SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END)"
      " FROM tokens WHERE created_at >= ? GROUP BY 1, 2 ORDER BY 1, 2");
  st.bind(1, since);
  std::vector<RevenueDay> out;
  while (st.step()) {
    RevenueDay d;
    d.day = st.column_int64(0);
    d.service = st.column_text(1);
    d.earned_msat = unsigned_of(*c, st.column_int64(2), "earned");
    d.recorded = unsigned_of(*c, st.column_int64(3), "count");
    d.paid = unsigned_of(*c, st.column_int64(4), "count");
    d.redeemed = unsigned_of(*c, st.column_int64(5), "count");
    d.failed = unsigned_of(*c, st.column_int64(6), "count");
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace l402d::store
