#include "mcp/call_credential.hpp"

#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "mcp/tool_catalogue.hpp"
#include "util/base64.hpp"
#include "util/jcs.hpp"

namespace l402d::mcp {

namespace {

using Found = Expected<std::optional<CredentialHeader>, CredentialProblem>;

const json::string* string_member(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v ? v->if_string() : nullptr;
}

Found problem(std::string message, bool in_meta) {
  return unexpected(CredentialProblem{std::move(message), in_meta});
}

Found from_payment_argument(const json::value& payment) {
  constexpr auto kShape =
      "payment must be {\"macaroon\": \"…\", \"preimage\": \"…\"} or {\"authorization\": \"L402 "
      "<macaroon>:<preimage>\"}.";
  // Agents sometimes pass the header value itself.
  if (const auto* s = payment.if_string())
    return std::optional<CredentialHeader>{{"Authorization", std::string(*s)}};
  const auto* o = payment.if_object();
  if (!o) return problem(kShape, false);
  if (const auto* auth = string_member(*o, "authorization"))
    return std::optional<CredentialHeader>{{"Authorization", std::string(*auth)}};
  const auto* macaroon = string_member(*o, "macaroon");
  const auto* preimage = string_member(*o, "preimage");
  if (!macaroon || !preimage || macaroon->empty() || preimage->empty())
    return problem(kShape, false);
  return std::optional<CredentialHeader>{
      {"Authorization", "L402 " + std::string(*macaroon) + ":" + std::string(*preimage)}};
}

Found from_x402(const json::value& payload) {
  if (!payload.is_object())
    return problem("_meta[\"x402/payment\"] must be a PaymentPayload object.", true);
  return std::optional<CredentialHeader>{
      {"PAYMENT-SIGNATURE", base64_encode(json::serialize(payload))}};
}

// The MCP form carries the challenge's request as JSON; the HTTP form, which
// the challenge id's HMAC covers, as base64url of its JCS text.
Found from_mpp(const json::value& credential) {
  const auto* o = credential.if_object();
  const auto* challenge = o ? o->if_contains("challenge") : nullptr;
  if (!challenge || !challenge->is_object() || !o->contains("payload"))
    return problem("_meta[\"org.paymentauth/credential\"] must be {\"challenge\", \"payload\"}.",
                   true);
  json::object http_form = *o;
  auto& c = http_form["challenge"].as_object();
  if (auto* request = c.if_contains("request"); request && request->is_object()) {
    try {
      *request = base64url_encode(jcs_serialize(*request));
    } catch (const std::invalid_argument&) {
      return problem("The challenge's request holds a number JCS cannot write.", true);
    }
  }
  return std::optional<CredentialHeader>{
      {"Authorization", "Payment " + base64url_encode(json::serialize(http_form))}};
}

const json::value* meta_member(const json::object& params, std::string_view key) {
  const auto* meta = params.if_contains("_meta");
  return meta && meta->is_object() ? meta->get_object().if_contains(key) : nullptr;
}

}  // namespace

Found credential_of(const json::object& arguments, const json::object& params) {
  if (const auto* payment = arguments.if_contains(kPaymentArgument); payment && !payment->is_null())
    return from_payment_argument(*payment);
  if (const auto* x402 = meta_member(params, "x402/payment")) return from_x402(*x402);
  if (const auto* mpp = meta_member(params, "org.paymentauth/credential")) return from_mpp(*mpp);
  return std::optional<CredentialHeader>{};
}

json::object without_payment(json::object arguments) {
  arguments.erase(kPaymentArgument);
  return arguments;
}

}  // namespace l402d::mcp
