#include "x402/payment_payload.hpp"

#include <boost/json.hpp>

#include "util/base64.hpp"
#include "util/hex.hpp"
#include "util/json_fields.hpp"

namespace l402d::x402 {
namespace json = boost::json;

namespace {

std::string payment_identifier(const json::object& root) {
  const auto* extensions = object_member(root, "extensions");
  const auto* ext = extensions ? object_member(*extensions, "payment-identifier") : nullptr;
  const auto* info = ext ? object_member(*ext, "info") : nullptr;
  return info ? string_member(*info, "id") : std::string();
}

}  // namespace

Expected<PaymentPayload, std::string> parse_payment_payload(std::string_view header_value) {
  const auto parsed = json_object_from_base64(header_value);
  if (!parsed) return unexpected(std::string("the x402 payment is not base64 of a JSON object"));
  const auto& root = *parsed;
  PaymentPayload out;
  if (const auto* v = root.if_contains("x402Version"); v && v->is_int64())
    out.version = static_cast<int>(v->get_int64());
  if (const auto* accepted = object_member(root, "accepted")) {
    out.accepted = *accepted;
    if (const auto* extra = object_member(*accepted, "extra"))
      out.accepted_invoice = string_member(*extra, "invoice");
  }
  const auto* payload = object_member(root, "payload");
  if (!payload) return unexpected(std::string("the x402 payment has no payload"));
  out.invoice = string_member(*payload, "invoice");
  if (const auto p = string_member(*payload, "preimage"); !p.empty()) {
    auto raw = from_hex_array<32>(p);
    if (!raw) return unexpected(std::string("the x402 payload's preimage is not 64 hex digits"));
    out.preimage = *raw;
  }
  if (!out.preimage && out.invoice.empty())
    return unexpected(std::string("the x402 payload has neither a preimage nor an invoice"));
  out.payment_identifier = payment_identifier(root);
  return out;
}

std::string format_payment_payload(int x402_version, const json::object& accepted,
                                   const Hash32& preimage, std::string_view invoice) {
  json::object payload{{"preimage", to_hex(preimage)}, {"invoice", invoice}};
  json::object root{
      {"x402Version", x402_version}, {"accepted", accepted}, {"payload", std::move(payload)}};
  return base64_encode(json::serialize(root));
}

}  // namespace l402d::x402
