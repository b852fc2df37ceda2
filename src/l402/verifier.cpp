#include "l402/verifier.hpp"

#include <string>

#include "l402/macaroon.hpp"
#include "l402/satisfier.hpp"
#include "util/crypto.hpp"

namespace l402d::l402 {
namespace {

Unexpected<VerifyError> fail(VerifyCode code, std::string message) {
  return unexpected(VerifyError{code, std::move(message)});
}

}  // namespace

Expected<Verifier::Opened, VerifyError> Verifier::open(ByteView macaroon) {
  auto view = parse_macaroon_view(macaroon);
  if (!view) {
    return fail(VerifyCode::macaroon_malformed,
                "the macaroon is not a valid V2 macaroon (" + view.error().message +
                    "); send it exactly as received in the challenge");
  }
  auto id = decode_identifier(view->identifier);
  if (!id) {
    if (id.error() == IdentifierError::unknown_version) {
      return fail(VerifyCode::identifier_version_unknown,
                  "the token identifier has a version this server does not know; request a "
                  "new token");
    }
    return fail(VerifyCode::identifier_invalid,
                "the macaroon identifier is not a 66-byte L402 identifier; request a new token");
  }
  return Opened{std::move(*view), *id};
}

std::optional<VerifyError> Verifier::check_issued(const Opened& token) const {
  RootKeyLookup key = keys_.root_key(token.identifier);
  if (key.status == KeyStatus::revoked) {
    return VerifyError{VerifyCode::token_revoked,
                       "this token has been revoked; pay a new invoice to get a fresh token"};
  }
  if (key.status != KeyStatus::found) {
    return VerifyError{VerifyCode::token_unknown,
                       "this server does not know this token (never issued here, or revoked); "
                       "request a new token"};
  }
  Hash32 derived = derive_macaroon_key(key.key);
  secure_wipe(key.key);
  Hash32 expected = compute_signature(token.view, derived);
  secure_wipe(derived);
  const bool signature_ok = constant_time_equal(expected, token.view.signature);
  secure_wipe(expected);
  if (!signature_ok) {
    return VerifyError{VerifyCode::signature_invalid,
                       "the macaroon signature is invalid (altered or not issued by this "
                       "server); request a new token"};
  }
  for (const CaveatView& c : token.view.caveats) {
    if (c.third_party()) {
      return VerifyError{VerifyCode::third_party_caveat,
                         "the macaroon carries a third-party caveat; discharge macaroons are not "
                         "supported, use the token without third-party caveats"};
    }
  }
  return std::nullopt;
}

Expected<VerifiedToken, VerifyError> Verifier::verify_issued(ByteView macaroon) const {
  auto token = open(macaroon);
  if (!token) return unexpected(std::move(token.error()));
  if (auto e = check_issued(*token)) return unexpected(std::move(*e));
  return VerifiedToken{token->identifier};
}

Expected<VerifiedToken, VerifyError> Verifier::verify(const Credential& credential,
                                                      const VerifyContext& context) const {
  auto token = open(credential.macaroon);
  if (!token) return unexpected(std::move(token.error()));
  const auto& view = token->view;
  const auto& id = token->identifier;

  // Sha256 rather than sha256(): OpenSSL 3's one-shot SHA256() goes through
  // EVP_Q_digest (provider fetch, lock, allocation), which costs more than the hash.
  if (!constant_time_equal(Sha256().update(credential.preimage).finish(), id.payment_hash)) {
    return fail(VerifyCode::preimage_mismatch,
                "the preimage does not match the invoice of this token; send the preimage "
                "returned when paying this token's invoice");
  }
  if (auto e = check_issued(*token)) return unexpected(std::move(*e));

  const ServicesSatisfier services(context.service);
  const CapabilitiesSatisfier capabilities(context.service, context.capability);
  const ValidUntilSatisfier valid_until(context.service, context.now);
  const RequestSatisfier request(context.service, context.request_hash);
  const PriceSatisfier price(context.service, context.price_msat);
  const Satisfier* const satisfiers[] = {&services, &capabilities, &valid_until, &request, &price};
  if (auto e = verify_caveats(std::span<const CaveatView>(view.caveats), satisfiers)) {
    return unexpected(std::move(*e));
  }
  return VerifiedToken{id};
}

}  // namespace l402d::l402
