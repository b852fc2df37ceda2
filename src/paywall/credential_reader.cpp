#include "paywall/credential_reader.hpp"

#include <boost/json/object.hpp>

#include "mpp/charge_request.hpp"
#include "mpp/credential.hpp"
#include "util/base64.hpp"
#include "util/clock.hpp"
#include "x402/payment_payload.hpp"

namespace l402d::paywall {
namespace {

Refusal refuse(Rail rail, std::string_view code, std::string message) {
  return Refusal{rail, std::string(code), std::move(message)};
}

Refusal disabled(Rail rail) {
  return refuse(rail, refusal_code::rail_disabled,
                "This server does not accept " + std::string(to_string(rail)) +
                    " credentials. Pay the invoice of a challenge this 402 offers.");
}

std::string extra_macaroon(const boost::json::object& accepted) {
  const auto* extra = accepted.if_contains("extra");
  if (!extra || !extra->is_object()) return {};
  const auto* mac = extra->get_object().if_contains("macaroon");
  return mac && mac->is_string() ? std::string(mac->get_string()) : std::string();
}

}  // namespace

CredentialReader::CredentialReader(RailSwitches rails,
                                   std::shared_ptr<const mpp::ChallengeBinder> binder, Clock now)
    : rails_(rails), binder_(std::move(binder)), now_(std::move(now)) {
  if (!now_) now_ = unix_now;
}

Expected<PresentedCredential, Refusal> CredentialReader::read(const PresentedHeaders& h) const {
  auto l402 = l402::parse_credential(h.l402);
  if (l402 || l402.error().code != l402::VerifyCode::credential_missing) {
    if (!rails_.l402) return unexpected(disabled(Rail::l402));
    if (!l402) return unexpected(Refusal::from(Rail::l402, l402.error()));
    PresentedCredential out;
    out.macaroon = std::move(l402->macaroon);
    out.preimage = l402->preimage;
    return out;
  }
  if (auto mpp = read_mpp(h.l402.authorization); mpp || !mpp.error().missing()) return mpp;
  const auto& x402 = !h.payment_signature.empty() ? h.payment_signature : h.x_payment;
  if (!x402.empty()) return read_x402(x402.front());
  return unexpected(Refusal::from(Rail::l402, l402.error()));
}

Expected<PresentedCredential, Refusal> CredentialReader::read_mpp(
    std::span<const std::string_view> auth) const {
  constexpr auto rail = Rail::mpp;
  auto found = mpp::find_credential(auth);
  if (!found) {
    return unexpected(refuse(Rail::l402, refusal_code::credential_missing, ""));
  }
  if (!rails_.mpp) return unexpected(disabled(rail));
  if (!*found)
    return unexpected(refuse(rail, refusal_code::credential_malformed,
                             found->error() + ". Send the credential as "
                                              "'Authorization: Payment <base64url>'."));
  const auto& cred = **found;
  const auto& c = cred.challenge;
  if (c.method != mpp::kMethodLightning || c.intent != mpp::kIntentCharge) {
    return unexpected(refuse(rail, refusal_code::payment_method_unsupported,
                             "Only the lightning method with the charge intent is accepted here."));
  }
  if (!binder_ || !binder_->verify(c)) {
    return unexpected(refuse(rail, refusal_code::challenge_invalid,
                             "The echoed challenge is not one this server issued, or was "
                             "altered. Echo the challenge parameters unchanged."));
  }
  const auto expires = parse_iso_time(c.expires);
  if (!expires || *expires <= now_()) {
    return unexpected(refuse(rail, refusal_code::challenge_expired,
                             "The challenge has expired. Pay the invoice of the new challenge."));
  }
  auto request = mpp::decode_charge_request(c.request);
  auto macaroon = request ? base64_decode(request->external_id) : std::nullopt;
  if (!macaroon || macaroon->empty()) {
    return unexpected(refuse(rail, refusal_code::challenge_invalid,
                             "The challenge's request does not carry this server's token."));
  }
  PresentedCredential out;
  out.rail = rail;
  out.macaroon = std::move(*macaroon);
  out.preimage = cred.preimage;
  out.mpp_challenge_id = c.id;
  return out;
}

Expected<PresentedCredential, Refusal> CredentialReader::read_x402(std::string_view value) const {
  constexpr auto rail = Rail::x402;
  if (!rails_.x402) return unexpected(disabled(rail));
  auto payload = x402::parse_payment_payload(value);
  if (!payload) {
    return unexpected(refuse(rail, refusal_code::credential_malformed,
                             payload.error() + ". Send base64 JSON {x402Version, accepted, "
                                               "payload} in PAYMENT-SIGNATURE."));
  }
  auto macaroon = base64_decode(extra_macaroon(payload->accepted));
  if (!macaroon || macaroon->empty()) {
    return unexpected(refuse(rail, refusal_code::offer_unknown,
                             "The accepted offer is not one this server made: echo the "
                             "accepts[] entry of PAYMENT-REQUIRED unchanged as 'accepted'."));
  }
  if (!payload->invoice.empty() && payload->invoice != payload->accepted_invoice) {
    return unexpected(refuse(rail, refusal_code::invoice_mismatch,
                             "payload.invoice differs from the accepted offer's invoice."));
  }
  PresentedCredential out;
  out.rail = rail;
  out.macaroon = std::move(*macaroon);
  out.preimage = payload->preimage;
  out.x402_invoice = payload->accepted_invoice;
  out.payment_identifier = std::move(payload->payment_identifier);
  return out;
}

}  // namespace l402d::paywall
