#pragma once

// Each token's life from payment to a stored result: what the L402 gate needs
// from the store. The rules of a claim are in claim_rules.hpp; an
// implementation reads, asks them and writes what they say. See docs/store.md
// for the state machine.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.hpp"

namespace l402d::store {

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
  // What the token was sold for, so revenue can be summed from the rows. At
  // most INT64_MAX (a BIGINT column); more is std::invalid_argument.
  std::uint64_t price_msat = 0;
};

struct StoredResult {
  int status = 200;
  std::string content_type;
  Bytes body;
  std::int64_t stored_at = 0;
};

// One use of a token sold for a number of uses (a reusable token).
struct UseTake {
  bool taken = false;      // false: all `limit` uses were taken before
  std::uint32_t used = 0;  // uses taken so far, this one included
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

class TokenLedger {
 public:
  virtual ~TokenLedger() = default;

  // Creates the row (issued) unless the token is known: never moves it back.
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
  // Takes one of the token's `limit` uses, atomically across every worker
  // and instance sharing the store; creates the row (paid) when the token is
  // new. Not fsynced on its own: a power cut may forget the last few uses,
  // which favours the buyer and never charges twice.
  virtual UseTake take_use(const TokenRecord& token, std::uint32_t limit, std::int64_t now) = 0;
  // Gives back a use whose work failed (never below zero).
  virtual void return_use(const Hash32& token_id, std::int64_t now) = 0;
  // Drops stored results older than `before`; the token rows stay (redeemed).
  virtual std::size_t purge_results(std::int64_t before) = 0;
};

}  // namespace l402d::store
