#pragma once

// Aperture's semantics: a paid token is good for any request to its service
// until its caveats (valid_until, revocation) say otherwise. Nothing is stored
// per request; the first use of each token is written to the ledger so that
// what it was sold for can be counted.
//
// A service may also sell a token for a number of uses: each request takes
// one in the ledger (atomically, so concurrent requests and other instances
// cannot overdraw it), and work that fails gives its use back.

#include <deque>
#include <mutex>
#include <unordered_set>

#include "paywall/redemption_policy.hpp"

namespace l402d::paywall {

class ReusableRedemption : public RedemptionPolicy {
 public:
  // `ledger` may be null: then nothing is recorded and nothing blocks.
  // `uses`: how many requests one token pays for; 0: any number. Counting
  // needs a ledger.
  explicit ReusableRedemption(store::TokenLedger* ledger, std::uint32_t uses = 0)
      : ledger_(ledger), uses_(ledger ? uses : 0) {}

  bool binds_request() const override { return false; }
  bool blocks() const override { return ledger_ != nullptr; }
  bool blocks_for(const PaidToken& token) override;
  bool finish_blocks(const WorkOutcome& outcome) const override {
    return uses_ > 0 && std::holds_alternative<WorkFailure>(outcome);
  }
  std::int64_t retention_seconds() const override { return 0; }

  Redemption begin(const PaidToken& token, std::int64_t now) override;
  std::optional<store::StoredResult> finish(const PaidToken& token, const WorkOutcome& outcome,
                                            std::int64_t now) override;
  // In memory and per instance: the oldest of kRemembered tokens is
  // forgotten first, and a token used at two instances counts at both.
  bool first_success(const PaidToken& token,
                     const std::optional<store::StoredResult>& stored) override;

 private:
  // Tokens already written as paid, so a busy token costs one write, not one
  // per request. Bounded: forgetting only means writing an idempotent row again.
  bool first_sight(const Hash32& token_id);
  static constexpr std::size_t kRemembered = 100000;

  bool seen(const Hash32& token_id);

  store::TokenLedger* ledger_;
  std::uint32_t uses_;
  std::mutex mutex_;
  std::unordered_set<Hash32, HashOfHash32> recorded_;
  std::unordered_set<Hash32, HashOfHash32> counted_;
  std::deque<Hash32> counted_order_;  // oldest first, to forget in that order
};

}  // namespace l402d::paywall
