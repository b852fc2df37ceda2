#pragma once

// Aperture's semantics: a paid token is good for any request to its service
// until its caveats (valid_until, revocation) say otherwise. Nothing is stored
// per request; the first use of each token is written to the ledger so that
// what it was sold for can be counted.

#include <mutex>
#include <unordered_set>

#include "paywall/redemption_policy.hpp"

namespace l402d::paywall {

class ReusableRedemption : public RedemptionPolicy {
 public:
  // `ledger` may be null: then nothing is recorded and nothing blocks.
  explicit ReusableRedemption(store::TokenLedger* ledger) : ledger_(ledger) {}

  bool binds_request() const override { return false; }
  bool blocks() const override { return ledger_ != nullptr; }
  std::int64_t retention_seconds() const override { return 0; }

  Redemption begin(const PaidToken& token, std::int64_t now) override;
  std::optional<store::StoredResult> finish(const PaidToken& token, const WorkOutcome& outcome,
                                            std::int64_t now) override;

 private:
  // Tokens already written as paid, so a busy token costs one write, not one
  // per request. Bounded: forgetting only means writing an idempotent row again.
  bool first_sight(const Hash32& token_id);
  static constexpr std::size_t kRemembered = 100000;

  store::TokenLedger* ledger_;
  std::mutex mutex_;
  std::unordered_set<Hash32, HashOfHash32> recorded_;
};

}  // namespace l402d::paywall
