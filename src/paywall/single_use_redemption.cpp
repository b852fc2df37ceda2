#include "paywall/single_use_redemption.hpp"

#include <stdexcept>

namespace l402d::paywall {

namespace {

store::TokenRecord record_of(const PaidToken& token) {
  if (!token.request_hash) {
    throw std::invalid_argument("single-use redemption needs a token bound to a request");
  }
  store::TokenRecord record;
  record.token_id = token.token_id;
  record.payment_hash = token.payment_hash;
  record.service = token.service;
  record.request_hash = *token.request_hash;
  record.price_msat = token.price_msat;
  return record;
}

}  // namespace

SingleUseRedemption::SingleUseRedemption(store::TokenLedger& ledger, SingleUseOptions options)
    : ledger_(ledger), options_(options) {}

bool SingleUseRedemption::expired(std::int64_t stored_at, std::int64_t now) const {
  return now - stored_at >= options_.retention_seconds;
}

Redemption SingleUseRedemption::begin(const PaidToken& token, std::int64_t now) {
  using Outcome = store::Claim::Outcome;
  auto claim = ledger_.claim_token(record_of(token), now, options_.lease_seconds);
  switch (claim.outcome) {
    case Outcome::claimed:
      return {Redemption::Kind::run, std::nullopt};
    case Outcome::busy:
      return {Redemption::Kind::busy, std::nullopt};
    case Outcome::request_mismatch:
      return {Redemption::Kind::request_mismatch, std::nullopt};
    case Outcome::expired_result:
      return {Redemption::Kind::result_expired, std::nullopt};
    case Outcome::redeemed:
      // The janitor purges old results only every so often.
      if (!claim.result || expired(claim.result->stored_at, now)) {
        return {Redemption::Kind::result_expired, std::nullopt};
      }
      return {Redemption::Kind::replay, std::move(claim.result)};
  }
  return {Redemption::Kind::busy, std::nullopt};
}

std::optional<store::StoredResult> SingleUseRedemption::finish(const PaidToken& token,
                                                               const WorkOutcome& outcome,
                                                               std::int64_t now) {
  if (const auto* failure = std::get_if<WorkFailure>(&outcome)) {
    ledger_.fail_token(token.token_id, failure->code, now);
    return std::nullopt;
  }
  const auto& done = std::get<WorkResult>(outcome);
  store::StoredResult result;
  result.status = done.status;
  result.content_type = done.content_type;
  result.body.assign(done.body.begin(), done.body.end());
  result.stored_at = now;
  // False when the lease ran out and another worker finished first: its
  // result is the one replays get, so this one is not handed to caches.
  if (!ledger_.complete_token(token.token_id, result, now)) return std::nullopt;
  return result;
}

}  // namespace l402d::paywall
