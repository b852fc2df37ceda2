#include "x402/settlement_response.hpp"

#include <boost/json.hpp>

#include "util/base64.hpp"

namespace l402d::x402 {
namespace json = boost::json;

std::string format_settlement_response(const SettlementResponse& r) {
  json::object o{{"success", r.success},
                 {"transaction", r.transaction},
                 {"network", r.network},
                 {"payer", r.payer}};
  if (!r.error_reason.empty()) o["errorReason"] = r.error_reason;
  if (r.success) {
    json::object extra{{"invoice", r.transaction}};
    if (r.settled_at != 0) extra["settledAt"] = r.settled_at;
    o["extra"] = std::move(extra);
  }
  return base64_encode(json::serialize(o));
}

std::optional<SettlementResponse> parse_settlement_response(std::string_view header_value) {
  auto bytes = base64_decode(header_value);
  if (!bytes) return std::nullopt;
  boost::system::error_code ec;
  auto value = json::parse(
      std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), ec);
  if (ec || !value.is_object()) return std::nullopt;
  const auto& o = value.get_object();
  const auto* success = o.if_contains("success");
  if (!success || !success->is_bool()) return std::nullopt;
  SettlementResponse r;
  r.success = success->get_bool();
  auto get = [&](std::string_view name) {
    const auto* v = o.if_contains(name);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  r.error_reason = get("errorReason");
  r.transaction = get("transaction");
  r.network = get("network");
  r.payer = get("payer");
  if (const auto* extra = o.if_contains("extra"); extra && extra->is_object()) {
    if (const auto* at = extra->get_object().if_contains("settledAt"); at && at->is_int64())
      r.settled_at = at->get_int64();
  }
  return r;
}

}  // namespace l402d::x402
