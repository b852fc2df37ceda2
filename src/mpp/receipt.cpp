#include "mpp/receipt.hpp"

#include <boost/json.hpp>

#include "util/base64.hpp"
#include "util/jcs.hpp"
#include "util/json_fields.hpp"

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
  const auto o = json_object_from_base64(text);
  if (!o) return std::nullopt;
  Receipt r{string_member(*o, "status"), string_member(*o, "method"),
            string_member(*o, "timestamp"), string_member(*o, "reference"),
            string_member(*o, "challengeId")};
  if (r.status.empty() || r.reference.empty()) return std::nullopt;
  return r;
}

}  // namespace l402d::mpp
