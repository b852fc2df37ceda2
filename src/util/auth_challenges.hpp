#pragma once

// The challenges in a WWW-Authenticate field value (RFC 9110 section 11.6.1):
// one value may hold several, `Scheme param="x", p2=y, Other token68`, and a
// response may repeat the field. Header text only, no HTTP types.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace l402d {

struct AuthChallenge {
  std::string scheme;   // as sent
  std::string token68;  // when the challenge carries one instead of parameters
  std::vector<std::pair<std::string, std::string>> params;  // names lower-cased, values unquoted

  bool is(std::string_view scheme_name) const;  // case-insensitive
  // The first parameter named `name` (lower case), if any.
  std::optional<std::string> param(std::string_view name) const;
};

// Every challenge in `value`, in order. Malformed tails end the list rather
// than throw: a client takes what it can understand.
std::vector<AuthChallenge> parse_auth_challenges(std::string_view value);

}  // namespace l402d
