#pragma once

// One token, one request, one run of the work: the token ledger's atomic claim
// decides who runs it, a success is stored and replayed for the retention
// period, and a failure leaves the token redeemable for the same request.

#include "paywall/redemption_policy.hpp"

namespace l402d::paywall {

struct SingleUseOptions {
  // How long a worker holds a claimed token before another may take it over
  // (the job timeout plus a margin: a crashed worker must not strand a payment).
  std::int64_t lease_seconds = 330;
  std::int64_t retention_seconds = 86400;
};

class SingleUseRedemption : public RedemptionPolicy {
 public:
  SingleUseRedemption(store::TokenLedger& ledger, SingleUseOptions options);

  bool binds_request() const override { return true; }
  bool blocks() const override { return true; }
  std::int64_t retention_seconds() const override { return options_.retention_seconds; }

  Redemption begin(const PaidToken& token, std::int64_t now) override;
  // Only the run whose result the ledger took: a run whose lease ran out
  // (another worker finished), or whose completion the store failed to
  // write (a retry runs it again), is not the sale.
  bool first_success(const PaidToken&, const std::optional<store::StoredResult>& stored) override {
    return stored.has_value();
  }
  std::optional<store::StoredResult> finish(const PaidToken& token, const WorkOutcome& outcome,
                                            std::int64_t now) override;

  // Whether a result stored at `stored_at` is past the retention at `now`.
  bool expired(std::int64_t stored_at, std::int64_t now) const;

 private:
  store::TokenLedger& ledger_;
  SingleUseOptions options_;
};

}  // namespace l402d::paywall
