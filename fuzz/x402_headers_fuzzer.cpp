// x402's base64 JSON headers (src/x402): the server reads PAYMENT-SIGNATURE /
// X-PAYMENT from anyone; the client reads PAYMENT-REQUIRED and
// PAYMENT-RESPONSE from any server it pays.
#include <cstddef>
#include <cstdint>

#include "fuzz_input.hpp"
#include "util/base64.hpp"
#include "x402/payment_payload.hpp"
#include "x402/payment_required.hpp"
#include "x402/settlement_response.hpp"

using namespace l402d;

namespace {

void parse_all(std::string_view value) {
  (void)x402::parse_payment_payload(value);
  (void)x402::find_lightning_offer(value);
  (void)x402::parse_settlement_response(value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = fuzz::as_text(data, size);
  parse_all(text);
  // The headers are base64 of JSON: the corpus holds the JSON, so mutations
  // reach the JSON readers rather than dying in the base64 decoder.
  parse_all(base64_encode(text));
  return 0;
}
