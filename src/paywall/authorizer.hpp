#pragma once

// Whether a credential pays for a request: parse it (any of the header shapes
// deployed clients send) and verify it against the offer this request would
// get. Missing, malformed and failing credentials come back as a VerifyError
// whose code the caller counts and shows; a good one as the PaidToken.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "l402/credential.hpp"
#include "l402/headers.hpp"
#include "l402/verifier.hpp"
#include "paywall/offer.hpp"
#include "paywall/presented_credential.hpp"
#include "paywall/refusal.hpp"
#include "util/expected.hpp"

namespace l402d::paywall {

struct PaidToken {
  Hash32 token_id{};
  Hash32 payment_hash{};
  std::string service;
  std::optional<Hash32> request_hash;  // the request it pays for, when bound
  std::uint64_t price_msat = 0;        // what the offer costs: recorded with the token
  // The credential's dialect, set by the gate (the metrics' rail label); a
  // job resumed from the store does not know it and says l402.
  Rail rail = Rail::l402;
};

class Authorizer {
 public:
  using Clock = std::function<std::int64_t()>;  // unix seconds
  Authorizer(l402::Verifier& verifier, Clock now);

  Expected<PaidToken, l402::VerifyError> authorize(const l402::CredentialHeaders& headers,
                                                   const Offer& offer) const;
  Expected<PaidToken, l402::VerifyError> authorize(const l402::Credential& credential,
                                                   const Offer& offer) const;
  // A credential from any rail, once it carries its preimage (an x402
  // invoice-only credential gets it from the node first).
  Expected<PaidToken, Refusal> authorize(const PresentedCredential& credential,
                                         const Offer& offer) const;

  // Whether authorize may wait on I/O (root keys or revocations in the
  // database); when false it is a few microseconds of CPU.
  bool may_block() const { return verifier_.may_block(); }

 private:
  l402::Verifier& verifier_;
  Clock now_;
};

}  // namespace l402d::paywall
