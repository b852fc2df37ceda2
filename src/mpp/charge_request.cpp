#include "mpp/charge_request.hpp"

#include <charconv>

#include "util/base64.hpp"
#include "util/jcs.hpp"
#include "util/json_fields.hpp"

namespace l402d::mpp {

// Written in canonical member order rather than through a JSON object: this
// runs for every 402, and the order is fixed (JCS sorts by UTF-16 code units:
// amount < currency < description < externalId < methodDetails, and invoice <
// network < paymentHash inside).
std::string encode_charge_request(const ChargeRequest& r) {
  std::string text;
  text.reserve(160 + r.description.size() + r.external_id.size() + r.invoice.size());
  text += R"({"amount":")";
  text += std::to_string(r.amount_sats);
  text += R"(","currency":"sat")";
  if (!r.description.empty()) {
    text += R"(,"description":)";
    append_jcs_string(text, r.description);
  }
  if (!r.external_id.empty()) {
    text += R"(,"externalId":)";
    append_jcs_string(text, r.external_id);
  }
  text += R"(,"methodDetails":{"invoice":)";
  append_jcs_string(text, r.invoice);
  if (!r.network.empty()) {
    text += R"(,"network":)";
    append_jcs_string(text, r.network);
  }
  if (!r.payment_hash_hex.empty()) {
    text += R"(,"paymentHash":)";
    append_jcs_string(text, r.payment_hash_hex);
  }
  text += "}}";
  return base64url_encode(text);
}

Expected<ChargeRequest, std::string> decode_charge_request(std::string_view text) {
  const auto o = json_object_from_base64(text);
  if (!o) return unexpected(std::string("the request is not base64url of a JSON object"));
  ChargeRequest r;
  const auto amount = string_member(*o, "amount");
  const auto [end, err] =
      std::from_chars(amount.data(), amount.data() + amount.size(), r.amount_sats);
  if (amount.empty() || err != std::errc() || end != amount.data() + amount.size() ||
      r.amount_sats == 0)
    return unexpected(std::string("the request's amount is not a positive whole number"));
  if (string_member(*o, "currency") != "sat")
    return unexpected(std::string("the request's currency is not \"sat\""));
  r.description = string_member(*o, "description");
  r.external_id = string_member(*o, "externalId");
  const auto* details = object_member(*o, "methodDetails");
  if (!details) return unexpected(std::string("the request has no methodDetails"));
  r.invoice = string_member(*details, "invoice");
  r.payment_hash_hex = string_member(*details, "paymentHash");
  r.network = string_member(*details, "network");
  if (r.invoice.empty()) return unexpected(std::string("the request has no invoice"));
  return r;
}

}  // namespace l402d::mpp
