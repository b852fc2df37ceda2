#pragma once

// How a paid token is redeemed, behind one interface so a service can choose:
//   SingleUseRedemption  the token is bound to one request; the work runs
//                        once, its result is stored and replayed (l402d's
//                        built-in services);
//   ReusableRedemption   the token is good for any request to its service
//                        until its caveats expire (Aperture's semantics, for
//                        proxied APIs).
// The caller asks begin(), runs the work when told to, and reports how it
// ended with finish().

#include <cstdint>
#include <optional>

#include "paywall/authorizer.hpp"
#include "paywall/work_outcome.hpp"
#include "store/token_ledger.hpp"

namespace l402d::paywall {

struct Redemption {
  enum class Kind {
    run,               // do the work now, then call finish()
    replay,            // done before: `result` is what to give again
    result_expired,    // done before, and the result is past its retention
    request_mismatch,  // the token paid for a different request
    busy,              // another worker is doing it: ask again shortly
    used_up,           // every use the token was sold for is taken
  };
  Kind kind = Kind::run;
  std::optional<store::StoredResult> result;  // replay only
};

class RedemptionPolicy {
 public:
  virtual ~RedemptionPolicy() = default;

  // Whether offers (and so macaroons) carry the hash of the exact request.
  virtual bool binds_request() const = 0;
  // Whether begin()/finish() may wait on I/O (the store).
  virtual bool blocks() const = 0;
  // Whether begin() may wait on I/O for this token: a policy that writes only
  // a token's first use runs inline for the rest.
  virtual bool blocks_for(const PaidToken&) { return blocks(); }
  // Whether finish() may wait on I/O for this outcome.
  virtual bool finish_blocks(const WorkOutcome&) const { return blocks(); }
  // How long a stored result is given again; 0 when nothing is stored.
  virtual std::int64_t retention_seconds() const = 0;

  // Asked when work for `token` ended in a result, with what finish() gave
  // back: true only the first time, so that a sale is counted once however
  // often its token is used or its work retried.
  virtual bool first_success(const PaidToken&, const std::optional<store::StoredResult>&) {
    return true;
  }

  // Throws store::StoreError when the store fails: nothing was decided, and
  // the buyer should retry with the same credential.
  virtual Redemption begin(const PaidToken& token, std::int64_t now) = 0;
  // Records how the work ended. Returns the result as stored when the policy
  // keeps it (for caches in front of the store), otherwise nothing. Throws
  // store::StoreError.
  virtual std::optional<store::StoredResult> finish(const PaidToken& token,
                                                    const WorkOutcome& outcome,
                                                    std::int64_t now) = 0;
};

}  // namespace l402d::paywall
