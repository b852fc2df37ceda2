#pragma once

// x402 v2's PAYMENT-REQUIRED header with one Lightning "exact" offer (the
// scheme proposed in x402 PR #1311, which Alby's clients pay): base64 of
// {x402Version: 2, resource, accepts: [{scheme: "exact", network: <CAIP-2>,
// amount: <msat>, asset: "BTC", payTo, maxTimeoutSeconds, extra: {
// paymentMethod: "lightning", invoice}}]}.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace l402d::x402 {

struct LightningOffer {
  std::string resource_url;
  std::string description;
  std::string mime_type = "application/json";
  std::string error;    // why payment is required again; empty at first
  std::string network;  // CAIP-2
  std::uint64_t amount_msat = 0;
  std::string pay_to = "anonymous";
  std::uint32_t max_timeout_seconds = 0;
  std::string invoice;
  // Extra members of `extra`, kept as given (l402d puts the sale's macaroon
  // there so the offer verifies without a lookup; see docs/payment-rails.md).
  boost::json::object extra;
};

std::string format_payment_required(const LightningOffer& offer);

// Client side: the first accepts[] entry a Lightning wallet can pay, as sent
// (to be echoed in the payment payload), with its invoice and amount.
struct LightningRequirements {
  boost::json::object accepted;
  std::string invoice;
  std::uint64_t amount_msat = 0;
  int x402_version = 2;
};
std::optional<LightningRequirements> find_lightning_offer(std::string_view header_value);

}  // namespace l402d::x402
