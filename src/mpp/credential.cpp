#include "mpp/credential.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/json.hpp>

#include "util/base64.hpp"
#include "util/hex.hpp"
#include "util/jcs.hpp"
#include "util/json_fields.hpp"

namespace l402d::mpp {
namespace json = boost::json;

namespace {

// The token after `Payment `, when the value uses that scheme.
std::optional<std::string_view> payment_token(std::string_view value) {
  while (!value.empty() && value.front() == ' ')
    value.remove_prefix(1);
  if (value.size() <= kScheme.size() || value[kScheme.size()] != ' ' ||
      !boost::beast::iequals(value.substr(0, kScheme.size()), kScheme))
    return std::nullopt;
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ')
    value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ')
    value.remove_suffix(1);
  return value;
}

ChallengeParams echo_of(const json::object& c) {
  ChallengeParams p;
  p.id = string_member(c, "id");
  p.realm = string_member(c, "realm");
  p.method = string_member(c, "method");
  p.intent = string_member(c, "intent");
  p.request = string_member(c, "request");
  p.expires = string_member(c, "expires");
  p.digest = string_member(c, "digest");
  p.description = string_member(c, "description");
  p.opaque = string_member(c, "opaque");
  return p;
}

Expected<Credential, std::string> decode(std::string_view token) {
  const auto o = json_object_from_base64(token);
  if (!o)
    return unexpected(std::string("the Payment credential is not base64url of a JSON object"));
  const auto* challenge = object_member(*o, "challenge");
  if (!challenge)
    return unexpected(std::string("the Payment credential does not echo the challenge"));
  Credential cred;
  cred.challenge = echo_of(*challenge);
  cred.source = string_member(*o, "source");
  const auto* payload = object_member(*o, "payload");
  const auto preimage = payload ? string_member(*payload, "preimage") : "";
  auto raw = from_hex(preimage);
  if (!raw || raw->size() != 32)
    return unexpected(std::string("the Payment credential's payload has no 64-hex-digit preimage"));
  std::copy(raw->begin(), raw->end(), cred.preimage.begin());
  return cred;
}

}  // namespace

std::optional<Expected<Credential, std::string>> find_credential(
    std::span<const std::string_view> authorization) {
  for (const auto value : authorization) {
    if (auto token = payment_token(value)) return decode(*token);
  }
  return std::nullopt;
}

std::string format_authorization(const ChallengeParams& p, const Hash32& preimage) {
  json::object echo{{"id", p.id},
                    {"realm", p.realm},
                    {"method", p.method},
                    {"intent", p.intent},
                    {"request", p.request}};
  for (const auto& [name, value] : {std::pair{"expires", &p.expires},
                                    {"digest", &p.digest},
                                    {"description", &p.description},
                                    {"opaque", &p.opaque}}) {
    if (!value->empty()) echo[name] = *value;
  }
  json::object credential{{"challenge", std::move(echo)},
                          {"payload", json::object{{"preimage", to_hex(preimage)}}}};
  return std::string(kScheme) + " " + base64url_encode(jcs_serialize(credential));
}

}  // namespace l402d::mpp
