#include "paywall/rail_offers.hpp"

#include <algorithm>

#include "l402/headers.hpp"
#include "lightning/invoice_network.hpp"
#include "mpp/charge_request.hpp"
#include "mpp/receipt.hpp"
#include "util/clock.hpp"
#include "util/hex.hpp"
#include "x402/network.hpp"
#include "x402/payment_required.hpp"
#include "x402/settlement_response.hpp"

namespace l402d::paywall {
namespace {

// MPP names only these three; a testnet invoice goes without the convenience field.
std::string mpp_network(std::optional<bolt11::Network> n) {
  if (!n) return {};
  switch (*n) {
    case bolt11::Network::mainnet:
      return "mainnet";
    case bolt11::Network::regtest:
      return "regtest";
    case bolt11::Network::signet:
      return "signet";
    case bolt11::Network::testnet:
      return {};
  }
  return {};
}

std::string caip2_of(std::string_view invoice) {
  const auto n = lightning::invoice_network(invoice);
  return std::string(x402::caip2_network(n.value_or(bolt11::Network::mainnet)));
}

}  // namespace

RailOffers::RailOffers(RailOffersOptions options,
                       std::shared_ptr<const mpp::ChallengeBinder> binder)
    : options_(std::move(options)), binder_(std::move(binder)) {}

ChallengeText RailOffers::render(const Challenge& c, std::string_view resource_url,
                                 std::string_view reason, std::int64_t now) const {
  ChallengeText text;
  if (options_.rails.l402) {
    text.l402 = l402::format_challenge(c.macaroon, c.invoice);
    if (options_.l402_token_param) {
      text.l402 += ", version=\"0\", token=\"";
      text.l402 += c.macaroon;
      text.l402 += '"';
    }
  }
  if (options_.rails.mpp && binder_ && c.price_msat % 1000 == 0) text.mpp = mpp_challenge(c, now);
  if (options_.rails.x402) text.x402 = x402_offer(c, resource_url, reason, now);
  return text;
}

std::string RailOffers::mpp_challenge(const Challenge& c, std::int64_t now) const {
  mpp::ChargeRequest request;
  request.amount_sats = c.price_msat / 1000;
  request.description = "L402 " + c.service;
  request.external_id = c.macaroon;
  request.invoice = c.invoice;
  request.payment_hash_hex = to_hex(c.payment_hash);
  request.network = mpp_network(lightning::invoice_network(c.invoice));
  mpp::ChallengeParams p;
  p.realm = options_.realm;
  p.method = mpp::kMethodLightning;
  p.intent = mpp::kIntentCharge;
  p.request = mpp::encode_charge_request(request);
  p.expires = iso_time(std::min<std::int64_t>(c.expires_at, now + options_.mpp_challenge_seconds));
  p.id = binder_->id_for(p);
  return mpp::format_challenge(p);
}

std::string RailOffers::x402_offer(const Challenge& c, std::string_view resource_url,
                                   std::string_view reason, std::int64_t now) const {
  x402::LightningOffer o;
  o.resource_url = std::string(resource_url);
  o.description = "L402 " + c.service;
  o.error = std::string(reason);
  o.network = caip2_of(c.invoice);
  o.amount_msat = c.price_msat;
  o.max_timeout_seconds = static_cast<std::uint32_t>(std::max<std::int64_t>(c.expires_at - now, 0));
  o.invoice = c.invoice;
  o.extra["macaroon"] = c.macaroon;
  return x402::format_payment_required(o);
}

std::string RailOffers::mpp_receipt(const PaidToken& token, const PresentedCredential& credential,
                                    std::int64_t now) const {
  mpp::Receipt r;
  r.timestamp = iso_time(now);
  r.reference = to_hex(token.payment_hash);
  r.challenge_id = credential.mpp_challenge_id;
  return mpp::format_receipt(r);
}

std::string RailOffers::x402_success(const PresentedCredential& credential,
                                     std::int64_t now) const {
  x402::SettlementResponse r;
  r.success = true;
  r.transaction = credential.x402_invoice;
  r.network = caip2_of(credential.x402_invoice);
  r.settled_at = now;
  return x402::format_settlement_response(r);
}

std::string RailOffers::x402_failure(std::string_view code, std::string_view invoice) const {
  x402::SettlementResponse r;
  r.success = false;
  r.error_reason = std::string(code);
  r.network = caip2_of(invoice);  // nothing settled: no transaction
  return x402::format_settlement_response(r);
}

}  // namespace l402d::paywall
