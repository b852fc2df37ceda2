#include "mpp/challenge.hpp"

#include <algorithm>

#include "util/base64.hpp"
#include "util/crypto.hpp"

namespace l402d::mpp {
namespace {

void append_param(std::string& out, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  if (out.back() != ' ') out += ", ";
  out += name;
  out += "=\"";
  if (std::none_of(value.begin(), value.end(), [](char c) { return c == '"' || c == '\\'; })) {
    out += value;
  } else {
    for (const char c : value) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
  }
  out += '"';
}

std::string binding_input(const ChallengeParams& p) {
  std::string in;
  in.reserve(p.realm.size() + p.request.size() + p.expires.size() + p.digest.size() +
             p.opaque.size() + 32);
  for (const auto* slot :
       {&p.realm, &p.method, &p.intent, &p.request, &p.expires, &p.digest, &p.opaque}) {
    if (!in.empty() || slot != &p.realm) in += '|';
    in += *slot;
  }
  return in;
}

}  // namespace

std::string format_challenge(const ChallengeParams& p) {
  std::string out(kScheme);
  out += ' ';
  append_param(out, "id", p.id);
  append_param(out, "realm", p.realm);
  append_param(out, "method", p.method);
  append_param(out, "intent", p.intent);
  append_param(out, "request", p.request);
  append_param(out, "expires", p.expires);
  append_param(out, "digest", p.digest);
  append_param(out, "description", p.description);
  append_param(out, "opaque", p.opaque);
  return out;
}

std::vector<ChallengeParams> parse_challenges(std::span<const std::string_view> values) {
  std::vector<ChallengeParams> out;
  for (const auto value : values) {
    for (const auto& c : parse_auth_challenges(value)) {
      if (!c.is(kScheme)) continue;
      ChallengeParams p;
      p.id = c.param("id").value_or("");
      p.realm = c.param("realm").value_or("");
      p.method = c.param("method").value_or("");
      p.intent = c.param("intent").value_or("");
      p.request = c.param("request").value_or("");
      p.expires = c.param("expires").value_or("");
      p.digest = c.param("digest").value_or("");
      p.description = c.param("description").value_or("");
      p.opaque = c.param("opaque").value_or("");
      if (p.id.empty() || p.realm.empty() || p.method.empty() || p.intent.empty() ||
          p.request.empty())
        continue;
      out.push_back(std::move(p));
    }
  }
  return out;
}

std::vector<ChallengeParams> parse_challenges(std::string_view value) {
  return parse_challenges(std::span<const std::string_view>(&value, 1));
}

ChallengeBinder::ChallengeBinder(ByteView secret) : key_(secret.begin(), secret.end()) {}

std::string ChallengeBinder::id_for(const ChallengeParams& p) const {
  return base64url_encode(hmac_sha256(key_, binding_input(p)));
}

bool ChallengeBinder::verify(const ChallengeParams& p) const {
  const auto expected = id_for(p);
  return constant_time_equal(as_bytes(expected), as_bytes(p.id));
}

}  // namespace l402d::mpp
