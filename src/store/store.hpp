#pragma once

// The token store: one interface, one implementation per database. It holds what
// must outlive a process: root keys (stored-key scheme) and revocations, the
// builtin Lightning node's invoices, and each token's life from payment to a
// stored result. See docs/store.md for the schema and the state machine.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "l402/key_store.hpp"
#include "util/bytes.hpp"

namespace l402d::store {

enum class InvoiceState { open, settled, expired, cancelled };
std::string_view to_string(InvoiceState s);

// An invoice issued by the builtin development node.
struct InvoiceRecord {
  Hash32 payment_hash{};
  Hash32 preimage{};
  std::string bolt11;
  std::uint64_t amount_msat = 0;
  std::string description;
  std::int64_t created_at = 0;  // unix seconds
  std::int64_t expires_at = 0;
  InvoiceState state = InvoiceState::open;
  std::optional<std::int64_t> settled_at;
};

enum class TokenState {
  issued,       // minted and sent in a challenge (recorded only when the caller asks)
  paid,         // a valid credential was presented
  in_progress,  // a worker holds the lease and is producing the result
  redeemed,     // the result is stored; replays of the same request get it back
  failed,       // the work failed; the token stays redeemable
};
std::string_view to_string(TokenState s);

struct TokenRecord {
  Hash32 token_id{};
  Hash32 payment_hash{};
  std::string service;
  Hash32 request_hash{};  // what the token was bound to; zero if unbound
  TokenState state = TokenState::issued;
  int attempts = 0;  // how many times work was started
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t lease_until = 0;  // in_progress only
  std::string last_error;        // failed only; never a secret
};

struct StoredResult {
  int status = 200;
  std::string content_type;
  Bytes body;
  std::int64_t stored_at = 0;
};

// The answer to "may I start the work for this token and request?".
struct Claim {
  enum class Outcome {
    claimed,           // caller now holds the lease and must complete or fail it
    busy,              // another worker holds a live lease
    redeemed,          // already done: `result` holds the stored result
    expired_result,    // already done, but the result is past retention and gone
    request_mismatch,  // the token was first used for another request
  };
  Outcome outcome = Outcome::claimed;
  std::optional<StoredResult> result;
  TokenRecord token;
};

class Store : public l402::RootKeyStore, public l402::RevocationList {
 public:
  ~Store() override = default;

  // Every revoked token id, for RevocationCache.
  virtual std::vector<Hash32> revoked_token_ids() = 0;

  // Builtin node invoices.
  virtual void insert_invoice(const InvoiceRecord& invoice) = 0;
  virtual std::optional<InvoiceRecord> find_invoice(const Hash32& payment_hash) = 0;
  // open -> settled. False if the invoice is unknown or not open.
  virtual bool settle_invoice(const Hash32& payment_hash, std::int64_t settled_at) = 0;
  // open -> cancelled. False if the invoice is unknown or not open.
  virtual bool cancel_invoice(const Hash32& payment_hash) = 0;

  // Token life.
  virtual void record_token_issued(const TokenRecord& token) = 0;
  // issued (or no row) -> paid; idempotent. Binds the request hash on first use.
  virtual void mark_token_paid(const TokenRecord& token, std::int64_t now) = 0;
  // Atomic claim, see Claim. Creates the row if the token was never recorded.
  // A lease that has run out (the worker crashed) may be taken over.
  virtual Claim claim_token(const TokenRecord& token, std::int64_t now,
                            std::int64_t lease_seconds) = 0;
  // in_progress -> redeemed, storing the result with stored_at = now. False if the
  // token is not in_progress (unknown, or another worker already finished it).
  virtual bool complete_token(const Hash32& token_id, const StoredResult& result,
                              std::int64_t now) = 0;
  // in_progress -> failed; the token stays redeemable.
  virtual bool fail_token(const Hash32& token_id, const std::string& error, std::int64_t now) = 0;
  virtual std::optional<TokenRecord> find_token(const Hash32& token_id) = 0;
  // Drops stored results older than `before`; the token rows stay (redeemed).
  virtual std::size_t purge_results(std::int64_t before) = 0;

  // The schema version this store is at (after migrations).
  virtual int schema_version() = 0;
};

struct SqliteOptions {
  // ":memory:" is allowed for tests; each connection then gets its own database,
  // so the pool size is forced to one.
  std::filesystem::path path;
  int pool_size = 4;
  int busy_timeout_ms = 5000;
};

// Opens (creating if needed, mode 0600) and migrates an SQLite store.
// Throws std::runtime_error with the path and SQLite's message on failure.
std::unique_ptr<Store> open_sqlite_store(const SqliteOptions& options);

}  // namespace l402d::store
