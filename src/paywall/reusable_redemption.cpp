#include "paywall/reusable_redemption.hpp"

namespace l402d::paywall {

bool ReusableRedemption::first_sight(const Hash32& token_id) {
  std::lock_guard lock(mutex_);
  if (recorded_.count(token_id)) return false;
  if (recorded_.size() >= kRemembered) recorded_.clear();
  recorded_.insert(token_id);
  return true;
}

Redemption ReusableRedemption::begin(const PaidToken& token, std::int64_t now) {
  if (ledger_ && first_sight(token.token_id)) {
    store::TokenRecord record;
    record.token_id = token.token_id;
    record.payment_hash = token.payment_hash;
    record.service = token.service;
    record.price_msat = token.price_msat;
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

std::optional<store::StoredResult> ReusableRedemption::finish(const PaidToken&, const WorkOutcome&,
                                                              std::int64_t) {
  return std::nullopt;
}

}  // namespace l402d::paywall
