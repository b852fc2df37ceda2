#pragma once

// The three HTTP 402 dialects a buyer's client may speak over Lightning. They
// sell the same thing: one invoice and one token per unpaid request, redeemed
// under the paywall's rules whichever dialect carries the proof.
//   l402  `L402 macaroon=…, invoice=…` / `Authorization: L402 <mac>:<preimage>`
//   mpp   the Payment scheme, Lightning charge (draft-lightning-charge-00)
//   x402  x402 v2 with a Lightning "exact" offer (PAYMENT-REQUIRED / -SIGNATURE)

#include <string_view>

namespace l402d::paywall {

enum class Rail { l402, mpp, x402 };

constexpr std::string_view to_string(Rail rail) {
  switch (rail) {
    case Rail::l402:
      return "l402";
    case Rail::mpp:
      return "mpp";
    case Rail::x402:
      return "x402";
  }
  return "l402";
}

// Which dialects the 402 offers and which credentials are read. All on by default.
struct RailSwitches {
  bool l402 = true;
  bool mpp = true;
  bool x402 = true;
  bool enabled(Rail rail) const {
    return rail == Rail::l402 ? l402 : rail == Rail::mpp ? mpp : x402;
  }
};

}  // namespace l402d::paywall
