#include "store/postgres_store.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "store/claim_rules.hpp"
#include "store/postgres_change_feed.hpp"
#include "store/postgres_credentials.hpp"
#include "store/postgres_idempotency_records.hpp"
#include "store/postgres_migrations.hpp"
#include "store/postgres_shared_media.hpp"
#include "store/postgres_transaction.hpp"
#include "store/postgres_window_counters.hpp"
#include "store/state_names.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::store {
namespace {

using Conn = PostgresConnection;

// The token rules create rows they did not find; see TxPolicy.
constexpr TxPolicy kTokenRules{true, true};
constexpr TxPolicy kDurable{};
// A use forgotten by a crash is one more for the buyer, and a purge undone is
// repeated by the next; neither is worth waiting for the WAL flush.
constexpr TxPolicy kLazy{false, false};

StoreError corrupt(Conn& c, std::string_view what) {
  return StoreError(StoreError::Kind::corrupt,
                    "store: " + c.label() + ": corrupt row: " + std::string(what));
}

// Unsigned amounts live in BIGINT columns (PostgreSQL has no unsigned type).
std::int64_t to_bigint(std::uint64_t value, std::string_view what) {
  if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw std::invalid_argument("store: " + std::string(what) + " does not fit a BIGINT");
  }
  return static_cast<std::int64_t>(value);
}

std::uint64_t from_bigint(Conn& c, std::int64_t value, std::string_view what) {
  if (value < 0) throw corrupt(c, std::string(what) + " is negative");
  return static_cast<std::uint64_t>(value);
}

// An unbound request hash is NULL, not 32 zero bytes, as in SQLite.
void bind_request_hash(PgStatement& st, int index, const Hash32& request_hash) {
  if (is_bound(request_hash)) {
    st.bind_blob(index, request_hash);
  } else {
    st.bind_null(index);
  }
}

constexpr std::string_view kSelectToken =
    "SELECT payment_hash, service, request_hash, state, attempts, created_at, updated_at,"
    " lease_until, last_error, price_msat FROM tokens WHERE token_id = $1";
// The row lock every token transaction takes first: the rest of the
// transaction decides on a row no other instance can change meanwhile.
constexpr std::string_view kLockToken =
    "SELECT payment_hash, service, request_hash, state, attempts, created_at, updated_at,"
    " lease_until, last_error, price_msat FROM tokens WHERE token_id = $1 FOR UPDATE";

std::optional<TokenRecord> select_token(Conn& c, std::string_view sql, const Hash32& token_id) {
  auto r = c.prepare(sql).bind_blob(1, token_id).run();
  if (r.rows() == 0) return std::nullopt;
  TokenRecord t;
  t.token_id = token_id;
  t.payment_hash = r.hash(0, 0);
  t.service = r.text(0, 1);
  if (!r.is_null(0, 2)) t.request_hash = r.hash(0, 2);
  const auto state = token_state_from_string(r.text(0, 3));
  if (!state) throw corrupt(c, "unknown token state");
  t.state = *state;
  t.attempts = static_cast<int>(r.int64(0, 4));
  t.created_at = r.int64(0, 5);
  t.updated_at = r.int64(0, 6);
  t.lease_until = r.int64(0, 7);
  t.last_error = r.text(0, 8);
  t.price_msat = from_bigint(c, r.int64(0, 9), "price_msat");
  return t;
}

void insert_token(Conn& c, const TokenRecord& t) {
  auto st = c.prepare(
      "INSERT INTO tokens (token_id, payment_hash, service, request_hash, state, attempts,"
      " created_at, updated_at, lease_until, last_error, price_msat)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
  st.bind_blob(1, t.token_id).bind_blob(2, t.payment_hash).bind(3, t.service);
  bind_request_hash(st, 4, t.request_hash);
  st.bind(5, to_string(t.state))
      .bind(6, std::int64_t{t.attempts})
      .bind(7, t.created_at)
      .bind(8, t.updated_at)
      .bind(9, t.lease_until)
      .bind(10, t.last_error)
      .bind(11, to_bigint(t.price_msat, "token price"))
      .run();
}

void update_token(Conn& c, const TokenRecord& t) {
  auto st = c.prepare(
      "UPDATE tokens SET request_hash = $1, state = $2, attempts = $3, updated_at = $4,"
      " lease_until = $5, last_error = $6, price_msat = $7 WHERE token_id = $8");
  bind_request_hash(st, 1, t.request_hash);
  st.bind(2, to_string(t.state))
      .bind(3, std::int64_t{t.attempts})
      .bind(4, t.updated_at)
      .bind(5, t.lease_until)
      .bind(6, t.last_error)
      .bind(7, to_bigint(t.price_msat, "token price"))
      .bind_blob(8, t.token_id)
      .run();
}

void apply(Conn& c, RowWrite write, const TokenRecord& t) {
  if (write == RowWrite::insert) insert_token(c, t);
  if (write == RowWrite::update) update_token(c, t);
}

std::optional<StoredResult> select_result(Conn& c, const Hash32& token_id) {
  auto r = c.prepare(
                "SELECT status, content_type, body, stored_at FROM token_results"
                " WHERE token_id = $1")
               .bind_blob(1, token_id)
               .run();
  if (r.rows() == 0) return std::nullopt;
  StoredResult out;
  out.status = static_cast<int>(r.int64(0, 0));
  out.content_type = r.text(0, 1);
  out.body = r.blob(0, 2);
  out.stored_at = r.int64(0, 3);
  return out;
}

Claim claim_from(Conn& c, ClaimDecision decision) {
  Claim claim{decision.outcome, std::nullopt, std::move(decision.token)};
  if (claim.outcome == Claim::Outcome::redeemed) {
    claim.result = select_result(c, claim.token.token_id);
    if (!claim.result) claim.outcome = Claim::Outcome::expired_result;
  }
  return claim;
}

// Delivered to the other instances' feeds when the transaction commits.
void notify(Conn& c, std::string_view channel, const Hash32& id) {
  const auto hex = to_hex(id);
  c.prepare("SELECT pg_notify('" + std::string(channel) + "', $1)").bind(1, hex).run();
}

void notify_changed(Conn& c, const Hash32& token_id) {
  notify(c, kTokenChannel, token_id);
}

bool revoked(Conn& c, const Hash32& token_id) {
  return c.prepare("SELECT 1 FROM revocations WHERE token_id = $1")
             .bind_blob(1, token_id)
             .run()
             .rows() > 0;
}

InvoiceRecord read_invoice(Conn& c, const PgResult& r, const Hash32& payment_hash) {
  InvoiceRecord out;
  out.payment_hash = payment_hash;
  out.preimage = r.hash(0, 0);
  out.bolt11 = r.text(0, 1);
  out.amount_msat = from_bigint(c, r.int64(0, 2), "amount_msat");
  out.description = r.text(0, 3);
  out.created_at = r.int64(0, 4);
  out.expires_at = r.int64(0, 5);
  const auto state = invoice_state_from_string(r.text(0, 6));
  if (!state) throw corrupt(c, "unknown invoice state");
  out.state = *state;
  if (!r.is_null(0, 7)) out.settled_at = r.int64(0, 7);
  return out;
}

PgConnectParams params_of(const PostgresOptions& options, const std::string& password,
                          std::shared_ptr<StoreHealth> health) {
  if (options.url.empty()) throw std::invalid_argument("store: empty PostgreSQL URI");
  PgConnectParams params;
  params.url = options.url;
  params.password = password;
  params.connect_timeout_seconds = options.connect_timeout_seconds;
  params.label = redact_postgres_url(options.url);
  params.health = std::move(health);
  return params;
}

std::unique_ptr<PostgresPool> connect_pool(const PostgresOptions& options,
                                           const PgConnectParams& params) {
  std::vector<std::unique_ptr<PostgresConnection>> connections;
  connections.push_back(std::make_unique<PostgresConnection>(params));
  migrate(*connections.front());
  for (int i = 1; i < std::max(1, options.pool_size); ++i) {
    connections.push_back(std::make_unique<PostgresConnection>(params));
  }
  return std::make_unique<PostgresPool>(std::move(connections));
}

// Every use after the first, on a row that needs no other change (past
// issued): one prepared UPDATE for a whole batch (UseBatcher), in its own
// implicit transaction, committed lazily like the full rules' (a use a crash
// forgets favours the buyer), instead of a locking read-decide-write per use.
// The first CTE sets synchronous_commit for this statement's transaction
// alone, which saves a BEGIN, SET LOCAL and COMMIT round of statements. Rows
// are locked in token order, so two instances' batches cannot deadlock. Not
// retried after a lost connection: the uses may have been taken.
constexpr std::string_view kTakeUses =
    "WITH lazy_commit AS (SELECT set_config('synchronous_commit', 'off', true)),"
    " wanted AS (SELECT decode(w.hex, 'hex') AS token_id, w.n, w.lim"
    "  FROM unnest(string_to_array($1, ','), string_to_array($2, ',')::bigint[],"
    "              string_to_array($3, ',')::bigint[]) AS w(hex, n, lim)),"
    " locked AS (SELECT t.token_id, wanted.n, wanted.lim FROM tokens t JOIN wanted USING (token_id)"
    "  WHERE t.state <> 'issued' ORDER BY t.token_id FOR UPDATE OF t)"
    " UPDATE tokens t SET uses = t.uses + locked.n, updated_at = $4 FROM locked, lazy_commit"
    " WHERE t.token_id = locked.token_id AND t.uses + locked.n <= locked.lim"
    " RETURNING t.token_id, t.uses";

std::vector<UsesGranted> send_use_batch(PostgresPool& pool, const std::vector<UsesWanted>& batch) {
  std::string ids, counts, limits;
  std::int64_t now = 0;
  for (const auto& w : batch) {
    const char* comma = ids.empty() ? "" : ",";
    ids += comma + to_hex(w.token_id);
    counts += comma + std::to_string(w.count);
    limits += comma + std::to_string(w.limit);
    now = std::max(now, w.now);
  }
  auto c = pool.acquire();
  auto r = c->prepare(kTakeUses).bind(1, ids).bind(2, counts).bind(3, limits).bind(4, now).run();
  std::vector<UsesGranted> granted;
  for (int row = 0; row < r.rows(); ++row)
    granted.push_back({r.hash(row, 0), static_cast<std::uint32_t>(r.int64(row, 1))});
  return granted;
}

}  // namespace

PostgresStore::PostgresStore(const PostgresOptions& options, const std::string& password)
    : params_(params_of(options, password, health_)),
      pool_(connect_pool(options, params_)),
      uses_([pool = pool_.get()](const std::vector<UsesWanted>& batch) {
        return send_use_batch(*pool, batch);
      }) {
  health_->set_probe([pool = pool_.get()] {
    run_read(*pool, [](Conn& c) { return c.prepare("SELECT 1").run().rows(); });
  });
}

void PostgresStore::put_root_key(const Hash32& identifier_hash, const Hash32& root_key) {
  run_transaction(*pool_, kDurable, [&](Conn& c) {
    // A second put for one identifier is a retry of the same mint: the last key
    // wins, as in SQLite and Aperture's bolt store.
    c.prepare(
         "INSERT INTO root_keys (identifier_hash, root_key) VALUES ($1, $2)"
         " ON CONFLICT (identifier_hash) DO UPDATE SET root_key = excluded.root_key")
        .bind_blob(1, identifier_hash)
        .bind_blob(2, root_key)
        .run();
    return true;
  });
}

std::optional<Hash32> PostgresStore::get_root_key(const Hash32& identifier_hash) {
  return run_read(*pool_, [&](Conn& c) -> std::optional<Hash32> {
    auto r = c.prepare("SELECT root_key FROM root_keys WHERE identifier_hash = $1")
                 .bind_blob(1, identifier_hash)
                 .run();
    if (r.rows() == 0) return std::nullopt;
    return r.hash(0, 0);
  });
}

bool PostgresStore::delete_root_key(const Hash32& identifier_hash) {
  return run_transaction(*pool_, kDurable, [&](Conn& c) {
    return c.prepare("DELETE FROM root_keys WHERE identifier_hash = $1")
               .bind_blob(1, identifier_hash)
               .run()
               .affected() > 0;
  });
}

void PostgresStore::revoke(const Hash32& token_id) {
  run_transaction(*pool_, kDurable, [&](Conn& c) {
    // Writers queue on the table (readers do not), so MAX(seq) + 1 commits in
    // order and a reader's cursor never skips a revocation committed later; a
    // sequence object would hand out numbers that commit out of order.
    c.prepare("LOCK TABLE revocations IN EXCLUSIVE MODE").run();
    if (revoked(c, token_id)) return false;  // a repeat keeps its first number
    c.prepare(
         "INSERT INTO revocations (token_id, seq)"
         " SELECT $1::bytea, COALESCE(MAX(seq), 0) + 1 FROM revocations")
        .bind_blob(1, token_id)
        .run();
    return true;
  });
}

bool PostgresStore::is_revoked(const Hash32& token_id) {
  return run_read(*pool_, [&](Conn& c) { return revoked(c, token_id); });
}

RevocationBatch PostgresStore::revoked_since(std::int64_t cursor) {
  return run_read(*pool_, [&](Conn& c) {
    auto r = c.prepare("SELECT token_id, seq FROM revocations WHERE seq > $1 ORDER BY seq")
                 .bind(1, cursor)
                 .run();
    RevocationBatch batch{{}, cursor};
    for (int i = 0; i < r.rows(); ++i) {
      batch.token_ids.push_back(r.hash(i, 0));
      batch.cursor = r.int64(i, 1);
    }
    return batch;
  });
}

void PostgresStore::insert_invoice(const InvoiceRecord& invoice) {
  const auto amount = to_bigint(invoice.amount_msat, "invoice amount");
  run_transaction(*pool_, kDurable, [&](Conn& c) {
    auto st = c.prepare(
        "INSERT INTO invoices (payment_hash, preimage, bolt11, amount_msat, description,"
        " created_at, expires_at, state, settled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
    st.bind_blob(1, invoice.payment_hash)
        .bind_blob(2, invoice.preimage)
        .bind(3, invoice.bolt11)
        .bind(4, amount)
        .bind(5, invoice.description)
        .bind(6, invoice.created_at)
        .bind(7, invoice.expires_at)
        .bind(8, to_string(invoice.state));
    if (invoice.settled_at) {
      st.bind(9, *invoice.settled_at);
    } else {
      st.bind_null(9);
    }
    st.run();
    return true;
  });
}

std::optional<InvoiceRecord> PostgresStore::find_invoice(const Hash32& payment_hash) {
  return run_read(*pool_, [&](Conn& c) -> std::optional<InvoiceRecord> {
    auto r = c.prepare(
                  "SELECT preimage, bolt11, amount_msat, description, created_at, expires_at,"
                  " state, settled_at FROM invoices WHERE payment_hash = $1")
                 .bind_blob(1, payment_hash)
                 .run();
    if (r.rows() == 0) return std::nullopt;
    return read_invoice(c, r, payment_hash);
  });
}

bool PostgresStore::settle_invoice(const Hash32& payment_hash, std::int64_t settled_at) {
  return run_transaction(*pool_, kDurable, [&](Conn& c) {
    const bool settled = c.prepare(
                              "UPDATE invoices SET state = 'settled', settled_at = $1"
                              " WHERE payment_hash = $2 AND state = 'open'")
                             .bind(1, settled_at)
                             .bind_blob(2, payment_hash)
                             .run()
                             .affected() > 0;
    if (settled) notify(c, kInvoiceChannel, payment_hash);
    return settled;
  });
}

bool PostgresStore::cancel_invoice(const Hash32& payment_hash) {
  return run_transaction(*pool_, kDurable, [&](Conn& c) {
    return c.prepare(
                "UPDATE invoices SET state = 'cancelled' WHERE payment_hash = $1"
                " AND state = 'open'")
               .bind_blob(1, payment_hash)
               .run()
               .affected() > 0;
  });
}

void PostgresStore::record_token_issued(const TokenRecord& token) {
  run_transaction(*pool_, kTokenRules, [&](Conn& c) {
    const auto decision = decide_issued(select_token(c, kLockToken, token.token_id), token);
    apply(c, decision.write, decision.token);
    return true;
  });
}

void PostgresStore::mark_token_paid(const TokenRecord& token, std::int64_t now) {
  run_transaction(*pool_, kTokenRules, [&](Conn& c) {
    const auto decision = decide_paid(select_token(c, kLockToken, token.token_id), token, now);
    apply(c, decision.write, decision.token);
    return true;
  });
}

Claim PostgresStore::claim_token(const TokenRecord& token, std::int64_t now,
                                 std::int64_t lease_seconds) {
  return run_transaction(*pool_, kTokenRules, [&](Conn& c) {
    auto decision =
        decide_claim(select_token(c, kLockToken, token.token_id), token, now, lease_seconds);
    apply(c, decision.write, decision.token);
    return claim_from(c, std::move(decision));
  });
}

bool PostgresStore::complete_token(const Hash32& token_id, const StoredResult& result,
                                   std::int64_t now) {
  return run_transaction(*pool_, kDurable, [&](Conn& c) {
    // The UPDATE locks the row; a second completer waits, then finds it no
    // longer in_progress and writes nothing.
    const auto updated = c.prepare(
                              "UPDATE tokens SET state = 'redeemed', updated_at = $1,"
                              " lease_until = 0 WHERE token_id = $2 AND state = 'in_progress'")
                             .bind(1, now)
                             .bind_blob(2, token_id)
                             .run()
                             .affected();
    if (updated == 0) return false;
    notify_changed(c, token_id);
    c.prepare(
         "INSERT INTO token_results (token_id, status, content_type, body, stored_at)"
         " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (token_id) DO UPDATE SET"
         " status = excluded.status, content_type = excluded.content_type,"
         " body = excluded.body, stored_at = excluded.stored_at")
        .bind_blob(1, token_id)
        .bind(2, std::int64_t{result.status})
        .bind(3, result.content_type)
        .bind_blob(4, result.body)
        .bind(5, now)
        .run();
    return true;
  });
}

bool PostgresStore::fail_token(const Hash32& token_id, const std::string& error, std::int64_t now) {
  return run_transaction(*pool_, kDurable, [&](Conn& c) {
    const bool failed = c.prepare(
                             "UPDATE tokens SET state = 'failed', last_error = $1, updated_at = $2,"
                             " lease_until = 0 WHERE token_id = $3 AND state = 'in_progress'")
                            .bind(1, error)
                            .bind(2, now)
                            .bind_blob(3, token_id)
                            .run()
                            .affected() > 0;
    if (failed) notify_changed(c, token_id);
    return failed;
  });
}

std::unique_ptr<TokenChangeFeed> PostgresStore::watch_token_changes(TokenChanged heard) {
  return std::make_unique<PostgresChangeFeed>(params_, kTokenChannel, std::move(heard));
}

std::unique_ptr<TokenChangeFeed> PostgresStore::watch_invoice_settlements(InvoiceSettled heard) {
  return std::make_unique<PostgresChangeFeed>(params_, kInvoiceChannel, std::move(heard));
}

std::optional<TokenRecord> PostgresStore::find_token(const Hash32& token_id) {
  return run_read(*pool_, [&](Conn& c) { return select_token(c, kSelectToken, token_id); });
}

UseTake PostgresStore::take_use(const TokenRecord& token, std::uint32_t limit, std::int64_t now) {
  // A row asked to bind a request goes through the full rules, which bind it.
  if (!is_bound(token.request_hash)) {
    if (auto used = uses_.take(token.token_id, limit, now)) return UseTake{true, *used};
  }
  TxPolicy policy = kLazy;
  policy.retry_duplicate_key = true;  // it may create the row, as the token rules do
  return run_transaction(*pool_, policy, [&](Conn& c) {
    const auto decision = decide_paid(select_token(c, kLockToken, token.token_id), token, now);
    apply(c, decision.write, decision.token);
    const bool taken = c.prepare(
                            "UPDATE tokens SET uses = uses + 1, updated_at = $1"
                            " WHERE token_id = $2 AND uses < $3")
                           .bind(1, now)
                           .bind_blob(2, token.token_id)
                           .bind(3, std::int64_t{limit})
                           .run()
                           .affected() == 1;
    auto r =
        c.prepare("SELECT uses FROM tokens WHERE token_id = $1").bind_blob(1, token.token_id).run();
    if (r.rows() != 1) throw corrupt(c, "token row vanished while taking a use");
    return UseTake{taken, static_cast<std::uint32_t>(r.int64(0, 0))};
  });
}

void PostgresStore::return_use(const Hash32& token_id, std::int64_t now) {
  run_transaction(*pool_, kLazy, [&](Conn& c) {
    c.prepare("UPDATE tokens SET uses = uses - 1, updated_at = $1 WHERE token_id = $2 AND uses > 0")
        .bind(1, now)
        .bind_blob(2, token_id)
        .run();
    return true;
  });
}

std::size_t PostgresStore::purge_results(std::int64_t before) {
  return run_transaction(*pool_, kLazy, [&](Conn& c) {
    return static_cast<std::size_t>(c.prepare("DELETE FROM token_results WHERE stored_at < $1")
                                        .bind(1, before)
                                        .run()
                                        .affected());
  });
}

Bytes PostgresStore::secret(std::string_view name, std::size_t size) {
  auto offered = fresh_secret(name, size);
  // DO NOTHING waits for a concurrent first insert to commit, and the SELECT
  // (a new snapshot under READ COMMITTED) then reads the winner's bytes.
  auto stored = run_transaction(*pool_, kDurable, [&](Conn& c) {
    c.prepare(
         "INSERT INTO server_secrets (name, secret) VALUES ($1, $2)"
         " ON CONFLICT (name) DO NOTHING")
        .bind(1, name)
        .bind_blob(2, offered)
        .run();
    auto r = c.prepare("SELECT secret FROM server_secrets WHERE name = $1").bind(1, name).run();
    if (r.rows() != 1) throw corrupt(c, "secret vanished after its insert");
    return r.blob(0, 0);
  });
  secure_wipe(offered);
  check_secret(stored, name, size);
  return stored;
}

int PostgresStore::schema_version() {
  return run_read(*pool_, [&](Conn& c) { return current_schema_version(c); });
}

std::unique_ptr<access::WindowCounters> PostgresStore::shared_window_counters() {
  return std::make_unique<PostgresWindowCounters>(*pool_);
}

std::unique_ptr<IdempotencyRecords> PostgresStore::shared_idempotency_records() {
  return std::make_unique<PostgresIdempotencyRecords>(*pool_);
}

std::unique_ptr<SharedMedia> PostgresStore::shared_media() {
  return std::make_unique<PostgresSharedMedia>(*pool_);
}

std::unique_ptr<Store> open_postgres_store(const PostgresOptions& options) {
  return std::make_unique<PostgresStore>(options, read_postgres_password(options.password_file));
}

}  // namespace l402d::store
