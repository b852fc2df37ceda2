#include "mpp/charge_request.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "util/base64.hpp"
#include "util/jcs.hpp"

namespace l402d::mpp {
namespace json = boost::json;

std::string encode_charge_request(const ChargeRequest& r) {
  json::object details{{"invoice", r.invoice}};
  if (!r.payment_hash_hex.empty()) details["paymentHash"] = r.payment_hash_hex;
  if (!r.network.empty()) details["network"] = r.network;
  json::object o{{"amount", std::to_string(r.amount_sats)},
                 {"currency", "sat"},
                 {"methodDetails", std::move(details)}};
  if (!r.description.empty()) o["description"] = r.description;
  if (!r.external_id.empty()) o["externalId"] = r.external_id;
  return base64url_encode(jcs_serialize(o));
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
