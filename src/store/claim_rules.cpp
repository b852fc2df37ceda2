#include "store/claim_rules.hpp"

#include <algorithm>
#include <utility>

namespace l402d::store {
namespace {

// A fresh row from the caller's identity, binding and price.
TokenRecord new_row(const TokenRecord& requested, TokenState state, std::int64_t created_at,
                    std::int64_t updated_at) {
  TokenRecord t = requested;
  t.state = state;
  t.attempts = 0;
  t.created_at = created_at;
  t.updated_at = updated_at;
  t.lease_until = 0;
  t.last_error.clear();
  return t;
}

ClaimDecision keep(Claim::Outcome outcome, TokenRecord existing) {
  return {outcome, RowWrite::none, std::move(existing)};
}

// The lease goes to the caller, who may be the first worker or a later one.
TokenRecord leased(TokenRecord t, const TokenRecord& requested, std::int64_t now,
                   std::int64_t lease_seconds) {
  t.request_hash = requested.request_hash;
  t.price_msat = requested.price_msat;
  t.state = TokenState::in_progress;
  t.attempts += 1;
  t.updated_at = now;
  t.lease_until = now + lease_seconds;
  t.last_error.clear();
  return t;
}

}  // namespace

bool is_bound(const Hash32& request_hash) {
  return std::any_of(request_hash.begin(), request_hash.end(),
                     [](std::uint8_t b) { return b != 0; });
}

ClaimDecision decide_claim(const std::optional<TokenRecord>& existing, const TokenRecord& requested,
                           std::int64_t now, std::int64_t lease_seconds) {
  if (!existing) {
    auto t =
        leased(new_row(requested, TokenState::issued, now, now), requested, now, lease_seconds);
    return {Claim::Outcome::claimed, RowWrite::insert, std::move(t)};
  }
  // Checked before anything else: a different request must neither start work
  // nor receive the result stored for the request the token was bound to.
  if (is_bound(existing->request_hash) && existing->request_hash != requested.request_hash) {
    return keep(Claim::Outcome::request_mismatch, *existing);
  }
  switch (existing->state) {
    case TokenState::redeemed:
      return keep(Claim::Outcome::redeemed, *existing);
    case TokenState::in_progress:
      if (existing->lease_until > now) return keep(Claim::Outcome::busy, *existing);
      // The holder's lease ran out (crashed or hung worker): take it over.
      break;
    case TokenState::issued:
    case TokenState::paid:
    case TokenState::failed:
      break;
  }
  return {Claim::Outcome::claimed, RowWrite::update,
          leased(*existing, requested, now, lease_seconds)};
}

RowDecision decide_paid(const std::optional<TokenRecord>& existing, const TokenRecord& requested,
                        std::int64_t now) {
  if (!existing) return {RowWrite::insert, new_row(requested, TokenState::paid, now, now)};
  const bool advance = existing->state == TokenState::issued;
  const bool bind = !is_bound(existing->request_hash) && is_bound(requested.request_hash) &&
                    (advance || existing->state == TokenState::paid);
  if (!advance && !bind) return {};  // already further along: idempotent
  TokenRecord t = *existing;
  t.state = TokenState::paid;
  if (bind) t.request_hash = requested.request_hash;
  t.price_msat = requested.price_msat;
  t.updated_at = now;
  return {RowWrite::update, std::move(t)};
}

RowDecision decide_issued(const std::optional<TokenRecord>& existing,
                          const TokenRecord& requested) {
  if (existing) return {};  // never moves a token backwards
  const auto updated = std::max(requested.updated_at, requested.created_at);
  return {RowWrite::insert, new_row(requested, TokenState::issued, requested.created_at, updated)};
}

}  // namespace l402d::store
