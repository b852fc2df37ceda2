#pragma once

// The `request` of a Lightning "charge" challenge (draft-lightning-charge-00
// section 7): what to pay, as JCS text in base64url. The BOLT11 invoice is
// authoritative; paymentHash and network are conveniences that must match it.

#include <cstdint>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace l402d::mpp {

struct ChargeRequest {
  std::uint64_t amount_sats = 0;  // "amount", a decimal string on the wire
  std::string description;        // optional
  std::string external_id;        // optional: the merchant's reference
  std::string invoice;            // methodDetails.invoice
  std::string payment_hash_hex;   // methodDetails.paymentHash, optional
  std::string network;            // methodDetails.network: mainnet, regtest or signet; optional
  bool operator==(const ChargeRequest&) const = default;
};

// base64url(JCS(request)), currency "sat".
std::string encode_charge_request(const ChargeRequest& request);

// The error is a sentence for a person.
Expected<ChargeRequest, std::string> decode_charge_request(std::string_view base64url);

}  // namespace l402d::mpp
