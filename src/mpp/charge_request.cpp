#include "mpp/charge_request.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "util/base64.hpp"
#include "util/jcs.hpp"

namespace l402d::mpp {
namespace json = boost::json;

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

namespace {

std::string string_field(const json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

Expected<ChargeRequest, std::string> decode_charge_request(std::string_view text) {
  auto bytes = base64_decode(text);
  if (!bytes) return unexpected(std::string("the request parameter is not base64url"));
  boost::system::error_code ec;
  auto value = json::parse(
      std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), ec);
  if (ec || !value.is_object()) return unexpected(std::string("the request is not a JSON object"));
  const auto& o = value.get_object();
  ChargeRequest r;
  const auto amount = string_field(o, "amount");
  const auto [end, err] =
      std::from_chars(amount.data(), amount.data() + amount.size(), r.amount_sats);
  if (amount.empty() || err != std::errc() || end != amount.data() + amount.size() ||
      r.amount_sats == 0)
    return unexpected(std::string("the request's amount is not a positive whole number"));
  if (string_field(o, "currency") != "sat")
    return unexpected(std::string("the request's currency is not \"sat\""));
  r.description = string_field(o, "description");
  r.external_id = string_field(o, "externalId");
  const auto* details = o.if_contains("methodDetails");
  if (!details || !details->is_object())
    return unexpected(std::string("the request has no methodDetails"));
  r.invoice = string_field(details->get_object(), "invoice");
  r.payment_hash_hex = string_field(details->get_object(), "paymentHash");
  r.network = string_field(details->get_object(), "network");
  if (r.invoice.empty()) return unexpected(std::string("the request has no invoice"));
  return r;
}

}  // namespace l402d::mpp
