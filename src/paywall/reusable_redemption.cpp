#include "paywall/reusable_redemption.hpp"

namespace l402d::paywall {

bool ReusableRedemption::first_sight(const Hash32& token_id) {
  std::lock_guard lock(mutex_);
  if (recorded_.count(token_id)) return false;
  if (recorded_.size() >= kRemembered) recorded_.clear();
  recorded_.insert(token_id);
  return true;
}

bool ReusableRedemption::seen(const Hash32& token_id) {
  std::lock_guard lock(mutex_);
  return recorded_.count(token_id) != 0;
}

bool ReusableRedemption::first_success(const PaidToken& token,
                                       const std::optional<store::StoredResult>&) {
  std::lock_guard lock(mutex_);
  if (!counted_.insert(token.token_id).second) return false;
  counted_order_.push_back(token.token_id);
  if (counted_order_.size() > kRemembered) {
    counted_.erase(counted_order_.front());
    counted_order_.pop_front();
  }
  return true;
}

bool ReusableRedemption::blocks_for(const PaidToken& token) {
  return ledger_ && (uses_ > 0 || !seen(token.token_id));
}

namespace {

store::TokenRecord record_of(const PaidToken& token) {
  store::TokenRecord record;
  record.token_id = token.token_id;
  record.payment_hash = token.payment_hash;
  record.service = token.service;
  record.price_msat = token.price_msat;
  return record;
}

}  // namespace

Redemption ReusableRedemption::begin(const PaidToken& token, std::int64_t now) {
  if (uses_ > 0) {
    const auto take = ledger_->take_use(record_of(token), uses_, now);
    return {take.taken ? Redemption::Kind::run : Redemption::Kind::used_up, std::nullopt};
  }
  if (ledger_ && first_sight(token.token_id)) {
    const auto record = record_of(token);
    try {
      ledger_->mark_token_paid(record, now);
    } catch (...) {
      std::lock_guard lock(mutex_);
      recorded_.erase(token.token_id);  // write it next time
      throw;
    }
  }
  return {Redemption::Kind::run, std::nullopt};
}

std::optional<store::StoredResult> ReusableRedemption::finish(const PaidToken& token,
                                                              const WorkOutcome& outcome,
                                                              std::int64_t now) {
  if (uses_ > 0 && std::holds_alternative<WorkFailure>(outcome)) {
    ledger_->return_use(token.token_id, now);
  }
  return std::nullopt;
}

}  // namespace l402d::paywall
