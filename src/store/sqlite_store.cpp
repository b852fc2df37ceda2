#include "store/sqlite_store.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "store/claim_rules.hpp"
#include "store/db_file.hpp"
#include "store/sqlite_migrations.hpp"
#include "store/sqlite_transaction.hpp"
#include "store/state_names.hpp"
#include "util/crypto.hpp"

namespace l402d::store {
namespace {

// An unbound request hash is NULL in the database, not 32 zero bytes, so that
// "bound" is a property of the row rather than a magic value.
void bind_request_hash(Statement& st, int index, const Hash32& request_hash) {
  if (is_bound(request_hash)) {
    st.bind_blob(index, request_hash);
  } else {
    st.bind_null(index);
  }
}

StoreError corrupt(SqliteConnection& c, std::string_view what) {
  return StoreError(StoreError::Kind::corrupt,
                    "store: " + c.path_label() + ": corrupt row: " + std::string(what));
}

// Unsigned amounts live in BIGINT columns (PostgreSQL has no unsigned type).
std::int64_t to_bigint(std::uint64_t value, std::string_view what) {
  if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    throw std::invalid_argument("store: " + std::string(what) + " does not fit a BIGINT");
  }
  return static_cast<std::int64_t>(value);
}

std::uint64_t from_bigint(SqliteConnection& c, std::int64_t value, std::string_view what) {
  if (value < 0) throw corrupt(c, std::string(what) + " is negative");
  return static_cast<std::uint64_t>(value);
}

std::optional<TokenRecord> select_token(SqliteConnection& c, const Hash32& token_id) {
  auto st = c.prepare(
      "SELECT payment_hash, service, request_hash, state, attempts, created_at, updated_at,"
      " lease_until, last_error, price_msat FROM tokens WHERE token_id = ?");
  st.bind_blob(1, token_id);
  if (!st.step()) return std::nullopt;
  TokenRecord t;
  t.token_id = token_id;
  t.payment_hash = st.column_hash(0);
  t.service = st.column_text(1);
  if (!st.is_null(2)) t.request_hash = st.column_hash(2);
  const auto state = token_state_from_string(st.column_text(3));
  if (!state) throw corrupt(c, "unknown token state");
  t.state = *state;
  t.attempts = static_cast<int>(st.column_int64(4));
  t.created_at = st.column_int64(5);
  t.updated_at = st.column_int64(6);
  t.lease_until = st.column_int64(7);
  t.last_error = st.column_text(8);
  t.price_msat = from_bigint(c, st.column_int64(9), "price_msat");
  return t;
}

void insert_token(SqliteConnection& c, const TokenRecord& t) {
  auto st = c.prepare(
      "INSERT INTO tokens (token_id, payment_hash, service, request_hash, state, attempts,"
      " created_at, updated_at, lease_until, last_error, price_msat)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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

// Writes every column the rules may change; the identity columns stay.
void update_token(SqliteConnection& c, const TokenRecord& t) {
  auto st = c.prepare(
      "UPDATE tokens SET request_hash = ?, state = ?, attempts = ?, updated_at = ?,"
      " lease_until = ?, last_error = ?, price_msat = ? WHERE token_id = ?");
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

// Carries out a decision of claim_rules.hpp; returns whether a row was written.
bool apply(SqliteConnection& c, RowWrite write, const TokenRecord& t) {
  switch (write) {
    case RowWrite::insert:
      insert_token(c, t);
      return true;
    case RowWrite::update:
      update_token(c, t);
      return true;
    case RowWrite::none:
      break;
  }
  return false;
}

std::optional<StoredResult> select_result(SqliteConnection& c, const Hash32& token_id) {
  auto st = c.prepare(
      "SELECT status, content_type, body, stored_at FROM token_results WHERE token_id = ?");
  st.bind_blob(1, token_id);
  if (!st.step()) return std::nullopt;
  StoredResult r;
  r.status = static_cast<int>(st.column_int64(0));
  r.content_type = st.column_text(1);
  r.body = st.column_blob(2);
  r.stored_at = st.column_int64(3);
  return r;
}

Claim claim_from(SqliteConnection& c, ClaimDecision decision) {
  Claim claim{decision.outcome, std::nullopt, std::move(decision.token)};
  if (claim.outcome == Claim::Outcome::redeemed) {
    claim.result = select_result(c, claim.token.token_id);
    if (!claim.result) claim.outcome = Claim::Outcome::expired_result;
  }
  return claim;
}

bool revoked(SqliteConnection& c, const Hash32& token_id) {
  auto st = c.prepare("SELECT 1 FROM revocations WHERE token_id = ?");
  st.bind_blob(1, token_id);
  return st.step();
}

std::int64_t next_revocation_seq(SqliteConnection& c) {
  auto st = c.prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM revocations");
  if (!st.step()) throw corrupt(c, "no revocation sequence");
  return st.column_int64(0);
}

InvoiceRecord read_invoice(SqliteConnection& c, const Statement& st, const Hash32& payment_hash) {
  InvoiceRecord r;
  r.payment_hash = payment_hash;
  r.preimage = st.column_hash(0);
  r.bolt11 = st.column_text(1);
  r.amount_msat = from_bigint(c, st.column_int64(2), "amount_msat");
  r.description = st.column_text(3);
  r.created_at = st.column_int64(4);
  r.expires_at = st.column_int64(5);
  const auto state = invoice_state_from_string(st.column_text(6));
  if (!state) throw corrupt(c, "unknown invoice state");
  r.state = *state;
  if (!st.is_null(7)) r.settled_at = st.column_int64(7);
  return r;
}

}  // namespace

SqliteStore::SqliteStore(const SqliteOptions& options) {
  if (options.path.empty()) throw std::invalid_argument("store: empty SQLite path");
  const bool memory = options.path == ":memory:";
  if (!memory) prepare_database_file(options.path);
  // Each ":memory:" connection is a separate database, so more than one would
  // split the data.
  const int size = memory ? 1 : std::max(1, options.pool_size);
  std::vector<std::unique_ptr<SqliteConnection>> connections;
  connections.push_back(std::make_unique<SqliteConnection>(options.path, options.busy_timeout_ms));
  migrate(*connections.front());
  for (int i = 1; i < size; ++i) {
    connections.push_back(
        std::make_unique<SqliteConnection>(options.path, options.busy_timeout_ms));
  }
  if (!memory) restrict_companion_files(options.path);
  pool_ = std::make_unique<SqliteConnectionPool>(std::move(connections));
}

// Root keys and revocations: FULL, because a macaroon signed with the key leaves
// in a challenge as soon as put_root_key returns, and a revocation the operator
// was told about must not come back after a power cut.

void SqliteStore::put_root_key(const Hash32& identifier_hash, const Hash32& root_key) {
  write("put_root_key", Synchronous::full, [&](SqliteConnection& c) {
    // Identifiers carry a random token id, so a second put for the same hash is a
    // retry of the same mint; the last key wins, as in Aperture's bolt store.
    c.prepare(
         "INSERT INTO root_keys (identifier_hash, root_key) VALUES (?, ?)"
         " ON CONFLICT (identifier_hash) DO UPDATE SET root_key = excluded.root_key")
        .bind_blob(1, identifier_hash)
        .bind_blob(2, root_key)
        .run();
    return true;
  });
}

std::optional<Hash32> SqliteStore::get_root_key(const Hash32& identifier_hash) {
  auto c = pool_->acquire();
  auto st = c->prepare("SELECT root_key FROM root_keys WHERE identifier_hash = ?");
  st.bind_blob(1, identifier_hash);
  if (!st.step()) return std::nullopt;
  return st.column_hash(0);
}

bool SqliteStore::delete_root_key(const Hash32& identifier_hash) {
  return write("delete_root_key", Synchronous::full, [&](SqliteConnection& c) {
    c.prepare("DELETE FROM root_keys WHERE identifier_hash = ?")
        .bind_blob(1, identifier_hash)
        .run();
    return c.changes() > 0;
  });
}

void SqliteStore::revoke(const Hash32& token_id) {
  write("revoke", Synchronous::full, [&](SqliteConnection& c) {
    // A repeat keeps its first sequence number: readers past it saw it already.
    if (revoked(c, token_id)) return false;
    // The write lock is held (BEGIN IMMEDIATE), so sequence numbers commit in
    // order and a reader's cursor never skips one committed later.
    c.prepare("INSERT INTO revocations (token_id, seq) VALUES (?, ?)")
        .bind_blob(1, token_id)
        .bind(2, next_revocation_seq(c))
        .run();
    return true;
  });
}

bool SqliteStore::is_revoked(const Hash32& token_id) {
  auto c = pool_->acquire();
  return revoked(*c, token_id);
}

RevocationBatch SqliteStore::revoked_since(std::int64_t cursor) {
  auto c = pool_->acquire();
  auto st = c->prepare("SELECT token_id, seq FROM revocations WHERE seq > ? ORDER BY seq");
  st.bind(1, cursor);
  RevocationBatch batch{{}, cursor};
  while (st.step()) {
    batch.token_ids.push_back(st.column_hash(0));
    batch.cursor = st.column_int64(1);
  }
  return batch;
}

// Invoices: FULL too. The BOLT11 string goes to the client in the challenge; if
// the row were lost the node could neither settle it nor reveal its preimage.

void SqliteStore::insert_invoice(const InvoiceRecord& invoice) {
  const auto amount = to_bigint(invoice.amount_msat, "invoice amount");
  write("insert_invoice", Synchronous::full, [&](SqliteConnection& c) {
    auto st = c.prepare(
        "INSERT INTO invoices (payment_hash, preimage, bolt11, amount_msat, description,"
        " created_at, expires_at, state, settled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
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

std::optional<InvoiceRecord> SqliteStore::find_invoice(const Hash32& payment_hash) {
  auto c = pool_->acquire();
  auto st = c->prepare(
      "SELECT preimage, bolt11, amount_msat, description, created_at, expires_at, state,"
      " settled_at FROM invoices WHERE payment_hash = ?");
  st.bind_blob(1, payment_hash);
  if (!st.step()) return std::nullopt;
  return read_invoice(*c, st, payment_hash);
}

bool SqliteStore::settle_invoice(const Hash32& payment_hash, std::int64_t settled_at) {
  return write("settle_invoice", Synchronous::full, [&](SqliteConnection& c) {
    c.prepare(
         "UPDATE invoices SET state = 'settled', settled_at = ?"
         " WHERE payment_hash = ? AND state = 'open'")
        .bind(1, settled_at)
        .bind_blob(2, payment_hash)
        .run();
    return c.changes() > 0;
  });
}

bool SqliteStore::cancel_invoice(const Hash32& payment_hash) {
  return write("cancel_invoice", Synchronous::full, [&](SqliteConnection& c) {
    c.prepare("UPDATE invoices SET state = 'cancelled' WHERE payment_hash = ? AND state = 'open'")
        .bind_blob(1, payment_hash)
        .run();
    return c.changes() > 0;
  });
}

// Token transitions: FULL. A paid token whose state went back in time after a
// crash could be redeemed twice or, worse, not at all.

void SqliteStore::record_token_issued(const TokenRecord& token) {
  write("record_token_issued", Synchronous::full, [&](SqliteConnection& c) {
    const auto decision = decide_issued(select_token(c, token.token_id), token);
    return apply(c, decision.write, decision.token);
  });
}

void SqliteStore::mark_token_paid(const TokenRecord& token, std::int64_t now) {
  write("mark_token_paid", Synchronous::full, [&](SqliteConnection& c) {
    const auto decision = decide_paid(select_token(c, token.token_id), token, now);
    return apply(c, decision.write, decision.token);
  });
}

Claim SqliteStore::claim_token(const TokenRecord& token, std::int64_t now,
                               std::int64_t lease_seconds) {
  return write("claim_token", Synchronous::full, [&](SqliteConnection& c) {
    auto decision = decide_claim(select_token(c, token.token_id), token, now, lease_seconds);
    apply(c, decision.write, decision.token);
    return claim_from(c, std::move(decision));
  });
}

bool SqliteStore::complete_token(const Hash32& token_id, const StoredResult& result,
                                 std::int64_t now) {
  return write("complete_token", Synchronous::full, [&](SqliteConnection& c) {
    c.prepare(
         "UPDATE tokens SET state = 'redeemed', updated_at = ?, lease_until = 0"
         " WHERE token_id = ? AND state = 'in_progress'")
        .bind(1, now)
        .bind_blob(2, token_id)
        .run();
    if (c.changes() == 0) return false;
    // stored_at is the store's clock (`now`): retention counts from the commit.
    c.prepare(
         "INSERT INTO token_results (token_id, status, content_type, body, stored_at)"
         " VALUES (?, ?, ?, ?, ?) ON CONFLICT (token_id) DO UPDATE SET status = excluded.status,"
         " content_type = excluded.content_type, body = excluded.body,"
         " stored_at = excluded.stored_at")
        .bind_blob(1, token_id)
        .bind(2, std::int64_t{result.status})
        .bind(3, result.content_type)
        .bind_blob(4, result.body)
        .bind(5, now)
        .run();
    return true;
  });
}

bool SqliteStore::fail_token(const Hash32& token_id, const std::string& error, std::int64_t now) {
  return write("fail_token", Synchronous::full, [&](SqliteConnection& c) {
    c.prepare(
         "UPDATE tokens SET state = 'failed', last_error = ?, updated_at = ?, lease_until = 0"
         " WHERE token_id = ? AND state = 'in_progress'")
        .bind(1, error)
        .bind(2, now)
        .bind_blob(3, token_id)
        .run();
    return c.changes() > 0;
  });
}

std::optional<TokenRecord> SqliteStore::find_token(const Hash32& token_id) {
  auto c = pool_->acquire();
  return select_token(*c, token_id);
}

UseTake SqliteStore::take_use(const TokenRecord& token, std::uint32_t limit, std::int64_t now) {
  // NORMAL: a use forgotten by a power cut is one more for the buyer; an
  // fsync per proxied request would cost more than the forwarding itself.
  return write("take_use", Synchronous::normal, [&](SqliteConnection& c) {
    const auto decision = decide_paid(select_token(c, token.token_id), token, now);
    apply(c, decision.write, decision.token);
    c.prepare("UPDATE tokens SET uses = uses + 1, updated_at = ? WHERE token_id = ? AND uses < ?")
        .bind(1, now)
        .bind_blob(2, token.token_id)
        .bind(3, std::int64_t{limit})
        .run();
    const bool taken = c.changes() == 1;
    auto st = c.prepare("SELECT uses FROM tokens WHERE token_id = ?");
    st.bind_blob(1, token.token_id);
    if (!st.step()) throw corrupt(c, "token row vanished while taking a use");
    return UseTake{taken, static_cast<std::uint32_t>(st.column_int64(0))};
  });
}

void SqliteStore::return_use(const Hash32& token_id, std::int64_t now) {
  write("return_use", Synchronous::normal, [&](SqliteConnection& c) {
    c.prepare("UPDATE tokens SET uses = uses - 1, updated_at = ? WHERE token_id = ? AND uses > 0")
        .bind(1, now)
        .bind_blob(2, token_id)
        .run();
    return true;
  });
}

std::size_t SqliteStore::purge_results(std::int64_t before) {
  // NORMAL: a purge undone by a power cut is simply repeated by the next one.
  return write("purge_results", Synchronous::normal, [&](SqliteConnection& c) {
    c.prepare("DELETE FROM token_results WHERE stored_at < ?").bind(1, before).run();
    return static_cast<std::size_t>(c.changes());
  });
}

std::size_t SqliteStore::end_claims_of_a_previous_life() {
  return write("end_claims", Synchronous::full, [&](SqliteConnection& c) {
    c.prepare("UPDATE tokens SET lease_until = 0 WHERE state = 'in_progress' AND lease_until > 0")
        .run();
    return static_cast<std::size_t>(c.changes());
  });
}

Bytes SqliteStore::secret(std::string_view name, std::size_t size) {
  auto offered = fresh_secret(name, size);
  // FULL: whatever is signed with the secret leaves as soon as this returns.
  auto stored = write("secret", Synchronous::full, [&](SqliteConnection& c) {
    c.prepare(
         "INSERT INTO server_secrets (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
        .bind(1, name)
        .bind_blob(2, offered)
        .run();
    auto st = c.prepare("SELECT secret FROM server_secrets WHERE name = ?");
    st.bind(1, name);
    if (!st.step()) throw corrupt(c, "secret vanished after its insert");
    return st.column_blob(0);
  });
  secure_wipe(offered);
  check_secret(stored, name, size);
  return stored;
}

int SqliteStore::schema_version() {
  auto c = pool_->acquire();
  return current_schema_version(*c);
}

std::unique_ptr<Store> open_sqlite_store(const SqliteOptions& options) {
  return std::make_unique<SqliteStore>(options);
}

}  // namespace l402d::store
