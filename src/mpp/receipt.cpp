#include "mpp/receipt.hpp"

#include <boost/json.hpp>

#include "util/base64.hpp"
#include "util/jcs.hpp"

namespace l402d::mpp {
namespace json = boost::json;

std::string format_receipt(const Receipt& r) {
  json::object o{{"status", r.status},
                 {"method", r.method},
                 {"timestamp", r.timestamp},
                 {"reference", r.reference}};
  if (!r.challenge_id.empty()) o["challengeId"] = r.challenge_id;
  return base64url_encode(jcs_serialize(o));
}

std::optional<Receipt> parse_receipt(std::string_view text) {
  auto bytes = base64_decode(text);
  if (!bytes) return std::nullopt;
  boost::system::error_code ec;
  auto value = json::parse(
      std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), ec);
  if (ec || !value.is_object()) return std::nullopt;
  const auto& o = value.get_object();
  auto get = [&](std::string_view name) {
    const auto* v = o.if_contains(name);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  Receipt r{get("status"), get("method"), get("timestamp"), get("reference"), get("challengeId")};
  if (r.status.empty() || r.reference.empty()) return std::nullopt;
  return r;
}

}  // namespace l402d::mpp
