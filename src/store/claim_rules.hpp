#pragma once

// The money rules of a token's life, once, with no I/O: given the row as it is
// (if any) and what the caller asks, what is the answer and which row must be
// written. Every store implementation reads the row, calls these and writes what
// they say in one transaction, so SQLite and a later PostgreSQL cannot disagree
// about who may run paid work or what a replay gets.

#include <cstdint>
#include <optional>

#include "store/token_ledger.hpp"

namespace l402d::store {

enum class RowWrite { none, insert, update };

struct ClaimDecision {
  // `redeemed` means "load the stored result": the rules cannot know whether
  // retention has purged it; if it is gone the answer becomes expired_result.
  Claim::Outcome outcome = Claim::Outcome::claimed;
  RowWrite write = RowWrite::none;
  TokenRecord token;  // the row after the decision: what to write, or as it was
};

// Decides claim_token. `requested` carries the token id, payment hash, service,
// request hash and price of the caller; its state and counters are ignored.
ClaimDecision decide_claim(const std::optional<TokenRecord>& existing, const TokenRecord& requested,
                           std::int64_t now, std::int64_t lease_seconds);

struct RowDecision {
  RowWrite write = RowWrite::none;
  TokenRecord token;  // meaningful when write != none
};

// Decides mark_token_paid: create as paid, advance issued, or bind an unbound
// paid token; anything further along is left alone.
RowDecision decide_paid(const std::optional<TokenRecord>& existing, const TokenRecord& requested,
                        std::int64_t now);

// Decides record_token_issued: only a token never seen is written.
RowDecision decide_issued(const std::optional<TokenRecord>& existing, const TokenRecord& requested);

// Whether a request hash binds the token; all zero means unbound.
bool is_bound(const Hash32& request_hash);

}  // namespace l402d::store
