#pragma once

// The text that offers one Challenge on every enabled rail, and the receipts
// a paid answer carries on the rail the buyer used. Header values only; the
// gateway puts them in HTTP.
//
// One invoice, one macaroon, three dialects: the MPP request's externalId and
// the x402 offer's extra.macaroon are the L402 macaroon of the same sale, so
// whichever credential comes back names the same token.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "mpp/challenge.hpp"
#include "paywall/authorizer.hpp"
#include "paywall/challenger.hpp"
#include "paywall/presented_credential.hpp"
#include "paywall/rails.hpp"

namespace l402d::paywall {

struct ChallengeText {
  std::string l402;  // WWW-Authenticate, first; empty when the rail is off
  std::string mpp;   // WWW-Authenticate, after it; empty when off
  std::string x402;  // PAYMENT-REQUIRED; empty when off
};

struct RailOffersOptions {
  RailSwitches rails;
  std::string realm;  // MPP's protection space: the public host
  // Append `version="0", token="…"` (the March 2026 L402 spec) to the L402 line.
  bool l402_token_param = true;
  // How long an MPP challenge may be answered, capped by the invoice's expiry.
  std::uint32_t mpp_challenge_seconds = 3600;
};

class RailOffers {
 public:
  RailOffers(RailOffersOptions options, std::shared_ptr<const mpp::ChallengeBinder> binder);

  // `resource_url` names the resource in the x402 offer; `reason` (may be
  // empty) says why payment is asked again.
  ChallengeText render(const Challenge& challenge, std::string_view resource_url,
                       std::string_view reason, std::int64_t now) const;

  // Payment-Receipt for an MPP redemption.
  std::string mpp_receipt(const PaidToken& token, const PresentedCredential& credential,
                          std::int64_t now) const;
  // PAYMENT-RESPONSE for an x402 redemption, and for a refused x402 credential.
  std::string x402_success(const PresentedCredential& credential, std::int64_t now) const;
  // A failure names no transaction; `invoice` (the fresh offer's) gives the network.
  std::string x402_failure(std::string_view code, std::string_view invoice) const;

  const RailSwitches& rails() const { return options_.rails; }

 private:
  std::string mpp_challenge(const Challenge& c, std::int64_t now) const;
  std::string x402_offer(const Challenge& c, std::string_view resource_url, std::string_view reason,
                         std::int64_t now) const;

  RailOffersOptions options_;
  std::shared_ptr<const mpp::ChallengeBinder> binder_;
};

}  // namespace l402d::paywall
