#pragma once

// The x402 payment payload a client sends back: `PAYMENT-SIGNATURE` (v2) or
// `X-PAYMENT` (v1 clients), base64 of {x402Version, accepted, payload}. For a
// Lightning offer the payload is {preimage} (proof a wallet holds) or only
// {invoice} (the server then asks its node whether it is paid); deployed
// clients send either, so both are read.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.hpp"
#include "util/expected.hpp"

namespace l402d::x402 {

struct PaymentPayload {
  int version = 2;
  boost::json::object accepted;    // the offer the client paid, echoed
  std::string accepted_invoice;    // accepted.extra.invoice
  std::optional<Hash32> preimage;  // payload.preimage
  std::string invoice;             // payload.invoice
  // extensions["payment-identifier"].info.id: the client's idempotency key.
  std::string payment_identifier;
};

// The error is a sentence for a person.
Expected<PaymentPayload, std::string> parse_payment_payload(std::string_view header_value);

// What a client sends: base64 of {x402Version, accepted, payload: {preimage, invoice}}.
std::string format_payment_payload(int x402_version, const boost::json::object& accepted,
                                   const Hash32& preimage, std::string_view invoice);

}  // namespace l402d::x402
