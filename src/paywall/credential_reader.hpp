#pragma once

// Reads the credential a request presents on any enabled rail and checks what
// can be checked without the token's keys: MPP's challenge binding and
// expiry, x402's offer echo. The token itself (signature, caveats, preimage)
// is the Authorizer's.
//
// When several are present, L402 wins, then MPP, then x402: one credential
// per request, chosen the same way every time.

#include <functional>
#include <memory>

#include "mpp/challenge.hpp"
#include "paywall/presented_credential.hpp"
#include "paywall/refusal.hpp"
#include "util/expected.hpp"

namespace l402d::paywall {

class CredentialReader {
 public:
  using Clock = std::function<std::int64_t()>;  // unix seconds
  CredentialReader(RailSwitches rails, std::shared_ptr<const mpp::ChallengeBinder> binder,
                   Clock now);

  // credential_missing when no enabled rail's header carries anything.
  Expected<PresentedCredential, Refusal> read(const PresentedHeaders& headers) const;

  const RailSwitches& rails() const { return rails_; }

 private:
  Expected<PresentedCredential, Refusal> read_mpp(std::span<const std::string_view> auth) const;
  Expected<PresentedCredential, Refusal> read_x402(std::string_view value) const;

  RailSwitches rails_;
  std::shared_ptr<const mpp::ChallengeBinder> binder_;
  Clock now_;
};

}  // namespace l402d::paywall
