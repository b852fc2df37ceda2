#include "store/migration_list.hpp"

#include <array>

#include "store/store_error.hpp"

namespace l402d::store {
namespace {

// Hashes, keys and preimages are 32-byte {blob}s; times are unix seconds in
// BIGINT; states are TEXT checked against the C++ enum names (state_names.cpp).
// request_hash is NULL while a token is not bound to a request.
constexpr std::string_view kInitialSchema = R"sql(
CREATE TABLE root_keys (
  identifier_hash {blob} PRIMARY KEY,
  root_key {blob} NOT NULL
);
CREATE TABLE revocations (
  token_id {blob} PRIMARY KEY
);
CREATE TABLE invoices (
  payment_hash {blob} PRIMARY KEY,
  preimage {blob} NOT NULL,
  bolt11 TEXT NOT NULL,
  amount_msat BIGINT NOT NULL CHECK (amount_msat >= 0),
  description TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('open', 'settled', 'expired', 'cancelled')),
  settled_at BIGINT
);
CREATE TABLE tokens (
  token_id {blob} PRIMARY KEY,
  payment_hash {blob} NOT NULL,
  service TEXT NOT NULL,
  request_hash {blob},
  state TEXT NOT NULL
    CHECK (state IN ('issued', 'paid', 'in_progress', 'redeemed', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  lease_until BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE TABLE token_results (
  token_id {blob} PRIMARY KEY REFERENCES tokens (token_id) ON DELETE CASCADE,
  status INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  body {blob} NOT NULL,
  stored_at BIGINT NOT NULL
);
)sql";

// purge_results runs periodically over a table that grows with every sale.
constexpr std::string_view kResultAgeIndex = R"sql(
CREATE INDEX token_results_stored_at ON token_results (stored_at);
)sql";

// Revenue is summed from the token rows; rows from before this are 0 (unknown).
constexpr std::string_view kTokenPrice = R"sql(
ALTER TABLE tokens ADD COLUMN price_msat BIGINT NOT NULL DEFAULT 0 CHECK (price_msat >= 0);
)sql";

// RevocationCache asks for what is newer than the last seq it saw instead of
// reading every id. seq is an explicit column, not SQLite's rowid, which VACUUM
// may renumber; existing revocations are numbered in any order, since a cache
// starts from 0 and so reads them all.
constexpr std::string_view kRevocationSequence = R"sql(
CREATE TABLE revocations_by_seq (
  token_id {blob} PRIMARY KEY,
  seq BIGINT NOT NULL UNIQUE CHECK (seq > 0)
);
INSERT INTO revocations_by_seq (token_id, seq)
  SELECT token_id, ROW_NUMBER() OVER (ORDER BY token_id) FROM revocations;
DROP TABLE revocations;
ALTER TABLE revocations_by_seq RENAME TO revocations;
)sql";

// Reusable tokens sold for a number of uses count them on their row.
constexpr std::string_view kTokenUses = R"sql(
ALTER TABLE tokens ADD COLUMN uses BIGINT NOT NULL DEFAULT 0 CHECK (uses >= 0);
)sql";

// Secrets every instance sharing the database must agree on (SecretStore).
constexpr std::string_view kServerSecrets = R"sql(
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY,
  secret {blob} NOT NULL
);
)sql";

// Free uses, challenges per minute and idempotency keys, shared by the
// instances on one PostgreSQL database (SQLite's single instance keeps them in
// memory and leaves these tables empty). A counter row holds its key's current
// window; entries are the paywall's encoded challenges.
constexpr std::string_view kSharedAccessState = R"sql(
CREATE TABLE window_counts (
  key TEXT PRIMARY KEY,
  window_end BIGINT NOT NULL,
  used BIGINT NOT NULL CHECK (used >= 0)
);
CREATE INDEX window_counts_end ON window_counts (window_end);
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY,
  entry TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
)sql";

// Songs, for instances on one PostgreSQL database that share no directory:
// the instance that made a song writes it here too, and another asked for it
// copies it into its own media folder (MediaStore). SQLite leaves it empty.
constexpr std::string_view kSharedMedia = R"sql(
CREATE TABLE media (
  name TEXT PRIMARY KEY,
  body {blob} NOT NULL,
  written_at BIGINT NOT NULL
);
CREATE INDEX media_written_at ON media (written_at);
)sql";

// Paid requests worked on in the background (JobStore): the request itself,
// so that another instance or a restart can run it again, and what a poll
// shows. Whether a job is done is its token's state.
constexpr std::string_view kJobs = R"sql(
CREATE TABLE jobs (
  job_id TEXT PRIMARY KEY,
  token_id {blob} NOT NULL UNIQUE,
  service TEXT NOT NULL,
  method TEXT NOT NULL,
  target TEXT NOT NULL,
  content_type TEXT NOT NULL,
  body {blob} NOT NULL,
  callback_url TEXT NOT NULL,
  callback_state TEXT NOT NULL
    CHECK (callback_state IN ('none', 'pending', 'delivered', 'gave_up')),
  callback_attempts INTEGER NOT NULL DEFAULT 0,
  stage TEXT NOT NULL,
  percent INTEGER NOT NULL DEFAULT -1,
  error_code TEXT NOT NULL DEFAULT '',
  error_message TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_created_at ON jobs (created_at);
)sql";

// Where a job waits for an engine, for its poll.
constexpr std::string_view kJobQueuePositions = R"sql(
ALTER TABLE jobs ADD COLUMN queue_position INTEGER NOT NULL DEFAULT 0;
)sql";

// What the admin API changed while the server runs (admin_queries.hpp): -1
// leaves the configured value (no NULLs, so both databases read them alike).
// The index serves the token listing and the books, which filter on age.
constexpr std::string_view kServiceSettings = R"sql(
CREATE TABLE service_settings (
  service TEXT PRIMARY KEY,
  price_sats BIGINT NOT NULL DEFAULT -1 CHECK (price_sats >= -1),
  enabled INTEGER NOT NULL DEFAULT -1 CHECK (enabled IN (-1, 0, 1)),
  updated_at BIGINT NOT NULL
);
CREATE INDEX tokens_created_at ON tokens (created_at);
)sql";

constexpr std::array kMigrations{
    Migration{1, "initial schema", kInitialSchema},
    Migration{2, "index results by age", kResultAgeIndex},
    Migration{3, "token price", kTokenPrice},
    Migration{4, "revocation sequence", kRevocationSequence},
    Migration{5, "token uses", kTokenUses},
    Migration{6, "server secrets", kServerSecrets},
    Migration{7, "shared access state", kSharedAccessState},
    Migration{8, "shared media", kSharedMedia},
    Migration{9, "jobs", kJobs},
    Migration{10, "job queue positions", kJobQueuePositions},
    Migration{11, "service settings", kServiceSettings},
};

}  // namespace

std::span<const Migration> migrations() {
  return kMigrations;
}

int latest_schema_version() {
  return kMigrations.back().version;
}

std::string render_migration(std::string_view sql, std::string_view blob_type) {
  constexpr std::string_view placeholder = "{blob}";
  std::string out;
  out.reserve(sql.size());
  std::size_t pos = 0;
  for (;;) {
    const auto hit = sql.find(placeholder, pos);
    out.append(sql.substr(pos, hit - pos));
    if (hit == std::string_view::npos) break;
    out.append(blob_type);
    pos = hit + placeholder.size();
  }
  return out;
}

std::span<const std::string_view> schema_tables() {
  static constexpr std::string_view kTables[] = {
      "schema_version",   "root_keys",     "revocations",    "invoices",
      "tokens",           "token_results", "server_secrets", "window_counts",
      "idempotency_keys", "media",         "jobs",           "service_settings"};
  return kTables;
}

void refuse_missing_tables(const std::vector<std::string>& missing, const std::string& label) {
  if (missing.empty()) return;
  std::string names;
  for (const auto& t : missing)
    names += (names.empty() ? "" : ", ") + t;
  throw StoreError(StoreError::Kind::other,
                   "store: " + label + " is at schema version " +
                       std::to_string(latest_schema_version()) + " but has no table " + names +
                       ": the database was damaged or edited. Restore it from a backup; l402d "
                       "will not sell with it.");
}

void refuse_newer_schema(int current, const std::string& label) {
  if (current <= latest_schema_version()) return;
  throw StoreError(StoreError::Kind::other, "store: " + label + ": schema version " +
                                                std::to_string(current) +
                                                " is newer than this l402d supports (" +
                                                std::to_string(latest_schema_version()) + ")");
}

}  // namespace l402d::store
