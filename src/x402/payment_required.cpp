#include "x402/payment_required.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "util/base64.hpp"
#include "util/jcs.hpp"
#include "util/json_fields.hpp"
#include "util/json_text.hpp"

namespace l402d::x402 {
namespace json = boost::json;

// Written as text rather than through JSON objects: this runs for every 402.
std::string format_payment_required(const LightningOffer& o) {
  std::string text;
  text.reserve(384 + o.resource_url.size() + o.description.size() + o.error.size() +
               o.invoice.size());
  text += R"({"x402Version":2,)";
  if (!o.error.empty()) {
    text += R"("error":)";
    append_jcs_string(text, o.error);
    text += ',';
  }
  text += R"("resource":{"url":)";
  append_jcs_string(text, o.resource_url);
  if (!o.description.empty()) {
    text += R"(,"description":)";
    append_jcs_string(text, o.description);
  }
  text += R"(,"mimeType":)";
  append_jcs_string(text, o.mime_type);
  text += R"(},"accepts":[{"scheme":"exact","network":)";
  append_jcs_string(text, o.network);
  text += R"(,"amount":")";
  text += std::to_string(o.amount_msat);
  text += R"(","asset":"BTC","payTo":)";
  append_jcs_string(text, o.pay_to);
  text += R"(,"maxTimeoutSeconds":)";
  text += std::to_string(o.max_timeout_seconds);
  text += R"(,"extra":{"paymentMethod":"lightning","invoice":)";
  append_jcs_string(text, o.invoice);
  for (const auto& kv : o.extra) {
    if (kv.key() == "paymentMethod" || kv.key() == "invoice") continue;
    text += ',';
    append_jcs_string(text, kv.key());
    text += ':';
    append_json(text, kv.value());
  }
  text += "}}]}";
  return base64_encode(text);
}

std::optional<LightningRequirements> find_lightning_offer(std::string_view header_value) {
  const auto root = json_object_from_base64(header_value);
  const auto* accepts = root ? root->if_contains("accepts") : nullptr;
  if (!accepts || !accepts->is_array()) return std::nullopt;
  LightningRequirements out;
  if (const auto* v = root->if_contains("x402Version"); v && v->is_int64())
    out.x402_version = static_cast<int>(v->get_int64());
  for (const auto& entry : accepts->get_array()) {
    if (!entry.is_object()) continue;
    // "exact" is the only scheme x402 defines over Lightning; an offer in
    // another scheme promises terms this client does not know how to pay.
    const auto* scheme = entry.get_object().if_contains("scheme");
    if (!scheme || !scheme->is_string() || scheme->get_string() != "exact") continue;
    const auto* extra = entry.get_object().if_contains("extra");
    if (!extra || !extra->is_object()) continue;
    const auto* method = extra->get_object().if_contains("paymentMethod");
    const auto* invoice = extra->get_object().if_contains("invoice");
    const auto* amount = entry.get_object().if_contains("amount");
    if (!method || !method->is_string() || method->get_string() != "lightning" || !invoice ||
        !invoice->is_string() || !amount || !amount->is_string())
      continue;
    const auto a = amount->get_string();
    auto [end, err] = std::from_chars(a.data(), a.data() + a.size(), out.amount_msat);
    if (err != std::errc() || end != a.data() + a.size()) continue;
    out.accepted = entry.get_object();
    out.invoice = std::string(invoice->get_string());
    return out;
  }
  return std::nullopt;
}

}  // namespace l402d::x402
