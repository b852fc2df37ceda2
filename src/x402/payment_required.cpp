#include "x402/payment_required.hpp"

#include <boost/json.hpp>
#include <charconv>

#include "util/base64.hpp"

namespace l402d::x402 {
namespace json = boost::json;

std::string format_payment_required(const LightningOffer& o) {
  json::object extra{{"paymentMethod", "lightning"}, {"invoice", o.invoice}};
  for (const auto& kv : o.extra)
    extra[kv.key()] = kv.value();
  json::object accepts{{"scheme", "exact"},
                       {"network", o.network},
                       {"amount", std::to_string(o.amount_msat)},
                       {"asset", "BTC"},
                       {"payTo", o.pay_to},
                       {"maxTimeoutSeconds", o.max_timeout_seconds},
                       {"extra", std::move(extra)}};
  json::object resource{{"url", o.resource_url}, {"mimeType", o.mime_type}};
  if (!o.description.empty()) resource["description"] = o.description;
  json::object required{{"x402Version", 2},
                        {"resource", std::move(resource)},
                        {"accepts", json::array{std::move(accepts)}}};
  if (!o.error.empty()) required["error"] = o.error;
  return base64_encode(json::serialize(required));
}

std::optional<LightningRequirements> find_lightning_offer(std::string_view header_value) {
  auto bytes = base64_decode(header_value);
  if (!bytes) return std::nullopt;
  boost::system::error_code ec;
  auto value = json::parse(
      std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), ec);
  if (ec || !value.is_object()) return std::nullopt;
  const auto* accepts = value.get_object().if_contains("accepts");
  if (!accepts || !accepts->is_array()) return std::nullopt;
  LightningRequirements out;
  if (const auto* v = value.get_object().if_contains("x402Version"); v && v->is_int64())
    out.x402_version = static_cast<int>(v->get_int64());
  for (const auto& entry : accepts->get_array()) {
    if (!entry.is_object()) continue;
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
