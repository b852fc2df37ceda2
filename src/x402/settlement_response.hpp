#pragma once

// x402's PAYMENT-RESPONSE header: base64 of the SettlementResponse. For the
// Lightning "exact" scheme the transaction is the invoice (the draft's
// choice); a failure is a 402 carrying success: false and the reason.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace l402d::x402 {

struct SettlementResponse {
  bool success = false;
  std::string error_reason;  // failures only; a stable code
  std::string transaction;   // the invoice
  std::string network;       // CAIP-2
  std::string payer = "anonymous";
  std::int64_t settled_at = 0;  // unix seconds; 0 when unknown
};

std::string format_settlement_response(const SettlementResponse& response);
std::optional<SettlementResponse> parse_settlement_response(std::string_view header_value);

}  // namespace l402d::x402
