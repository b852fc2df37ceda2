#include "paywall/authorizer.hpp"

namespace l402d::paywall {

Authorizer::Authorizer(l402::Verifier& verifier, Clock now)
    : verifier_(verifier), now_(std::move(now)) {}

Expected<PaidToken, l402::VerifyError> Authorizer::authorize(const l402::CredentialHeaders& headers,
                                                             const Offer& offer) const {
  auto credential = l402::parse_credential(headers);
  if (!credential) return unexpected(std::move(credential.error()));
  return authorize(*credential, offer);
}

Expected<PaidToken, l402::VerifyError> Authorizer::authorize(const l402::Credential& credential,
                                                             const Offer& offer) const {
  l402::VerifyContext context{offer.service, now_(), offer.request_hash, std::nullopt,
                              offer.price_msat};
  auto verified = verifier_.verify(credential, context);
  if (!verified) return unexpected(std::move(verified.error()));
  PaidToken token;
  token.token_id = verified->identifier.token_id;
  token.payment_hash = verified->identifier.payment_hash;
  token.service = offer.service;
  token.request_hash = offer.request_hash;
  token.price_msat = offer.price_msat;
  return token;
}

Expected<PaidToken, Refusal> Authorizer::authorize(const PresentedCredential& presented,
                                                   const Offer& offer) const {
  if (!presented.preimage) {
    return unexpected(Refusal{presented.rail, std::string(refusal_code::payment_unsettled),
                              "The invoice is not paid yet. Pay it, then repeat the request."});
  }
  auto token = authorize(l402::Credential{presented.macaroon, *presented.preimage}, offer);
  if (!token) return unexpected(Refusal::from(presented.rail, token.error()));
  return std::move(*token);
}

}  // namespace l402d::paywall
