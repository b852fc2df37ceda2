#include "x402/settlement_response.hpp"

#include <boost/json.hpp>

#include "util/base64.hpp"
#include "util/json_fields.hpp"

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
  const auto o = json_object_from_base64(header_value);
  if (!o) return std::nullopt;
  const auto* success = o->if_contains("success");
  if (!success || !success->is_bool()) return std::nullopt;
  SettlementResponse r;
  r.success = success->get_bool();
  r.error_reason = string_member(*o, "errorReason");
  r.transaction = string_member(*o, "transaction");
  r.network = string_member(*o, "network");
  r.payer = string_member(*o, "payer");
  if (const auto* extra = object_member(*o, "extra")) {
    if (const auto* at = extra->if_contains("settledAt"); at && at->is_int64())
      r.settled_at = at->get_int64();
  }
  return r;
}

}  // namespace l402d::x402
