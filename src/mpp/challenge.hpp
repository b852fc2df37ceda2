#pragma once

// The "Payment" HTTP authentication scheme (draft-ryan-httpauth-payment, the
// Machine Payments Protocol): the challenge's auth-params, their text in
// WWW-Authenticate, and the HMAC-SHA256 binding of the challenge id to the
// other parameters, so that a server verifies an echoed challenge without
// looking anything up. Header text only, no HTTP types.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "util/auth_challenges.hpp"
#include "util/bytes.hpp"

namespace l402d::mpp {

inline constexpr std::string_view kScheme = "Payment";
inline constexpr std::string_view kMethodLightning = "lightning";
inline constexpr std::string_view kIntentCharge = "charge";

struct ChallengeParams {
  std::string id;
  std::string realm;
  std::string method;
  std::string intent;
  std::string request;  // base64url (no padding) of the JCS text of the method's request
  std::string expires;  // RFC 3339; empty when absent
  std::string digest;   // RFC 9530 content digest; empty when absent
  std::string description;
  std::string opaque;  // base64url of JCS; empty when absent
  bool operator==(const ChallengeParams&) const = default;
};

// `Payment id="…", realm="…", method="…", intent="…", request="…"[, expires="…"]…`
std::string format_challenge(const ChallengeParams& params);

// The Payment challenges among WWW-Authenticate values (client side); those
// without the required id, realm, method, intent and request are skipped.
std::vector<ChallengeParams> parse_challenges(std::span<const std::string_view> www_authenticate);
std::vector<ChallengeParams> parse_challenges(std::string_view www_authenticate);

// The draft's recommended binding (section 5.1.3.1): the id is the base64url
// HMAC-SHA256, under a server secret, of realm|method|intent|request|expires|
// digest|opaque. Several instances that share the secret accept each other's
// challenges.
class ChallengeBinder {
 public:
  explicit ChallengeBinder(ByteView secret);

  std::string id_for(const ChallengeParams& params) const;
  // Whether params.id is the binding of the other parameters (constant time).
  bool verify(const ChallengeParams& params) const;

 private:
  Bytes key_;
};

}  // namespace l402d::mpp
