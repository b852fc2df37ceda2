#include "l402/headers.hpp"

#include "l402/caveat.hpp"
#include "l402/macaroon.hpp"
#include "util/base64.hpp"
#include "util/hex.hpp"

namespace l402d::l402 {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'a' && x <= 'z') x = static_cast<char>(x - 'a' + 'A');
    if (y >= 'a' && y <= 'z') y = static_cast<char>(y - 'a' + 'A');
    if (x != y) return false;
  }
  return true;
}

bool is_l402_scheme(std::string_view scheme) {
  return iequals(scheme, "L402") || iequals(scheme, "LSAT");
}

Unexpected<VerifyError> malformed(std::string message) {
  return unexpected(VerifyError{VerifyCode::credential_malformed, std::move(message)});
}

Unexpected<VerifyError> missing() {
  return unexpected(VerifyError{VerifyCode::credential_missing,
                                "no L402 credential; pay the invoice from the challenge and send "
                                "'Authorization: L402 <macaroon>:<preimage>'"});
}

// `<base64 macaroon>:<hex preimage>`
Expected<Credential, VerifyError> parse_token(std::string_view token) {
  const std::size_t colon = token.find(':');
  if (colon == std::string_view::npos || token.find(':', colon + 1) != std::string_view::npos) {
    return malformed(
        "the L402 credential must be '<macaroon base64>:<preimage hex>' with exactly one ':'");
  }
  Credential cred;
  if (!from_hex_exact(token.substr(colon + 1), cred.preimage)) {
    return malformed("the preimage must be 64 hex characters (32 bytes) after the ':'");
  }
  const std::string_view mac = token.substr(0, colon);
  if (mac.empty()) return malformed("the macaroon before the ':' is empty");
  auto bytes = base64_decode(mac);
  if (!bytes) {
    return malformed(
        "the macaroon is not valid base64; send it exactly as received in the challenge "
        "(only one macaroon per credential is supported)");
  }
  cred.macaroon = std::move(*bytes);
  return cred;
}

// Collects credentials from every L402/LSAT element of every value. Returns
// nullopt (as `found == false`) when none is present.
Expected<Credential, VerifyError> collect(std::span<const std::string_view> values, bool& found) {
  found = false;
  Credential result;
  for (std::string_view value : values) {
    // Commas join repeated headers; base64 and hex never contain one, and the
    // parameters of other schemes are skipped below because they do not start
    // with an L402 scheme name.
    for (;;) {
      const std::size_t comma = value.find(',');
      const std::string_view element = trim(value.substr(0, comma));
      std::size_t sp = 0;
      while (sp < element.size() && !is_space(element[sp]))
        ++sp;
      if (is_l402_scheme(element.substr(0, sp))) {
        const std::string_view token = trim(element.substr(sp));
        if (token.empty()) return malformed("the L402 credential after the scheme is empty");
        auto cred = parse_token(token);
        if (!cred) return cred;
        if (found && !(*cred == result)) {
          return malformed("several different L402 credentials in one request; send exactly one");
        }
        if (!found) result = std::move(*cred);
        found = true;
      }
      if (comma == std::string_view::npos) break;
      value.remove_prefix(comma + 1);
    }
  }
  return result;
}

// Parses every non-empty value of one macaroon header; all must agree.
Expected<Credential, VerifyError> collect_macaroon_headers(std::span<const std::string_view> values,
                                                           bool& found) {
  found = false;
  Credential result;
  for (std::string_view value : values) {
    if (trim(value).empty()) continue;
    auto cred = parse_macaroon_header(value);
    if (!cred) return cred;
    if (found && !(*cred == result)) {
      return malformed("several different macaroon headers in one request; send exactly one");
    }
    if (!found) result = std::move(*cred);
    found = true;
  }
  return result;
}

// Splits a header value on commas outside quoted strings.
std::vector<std::string_view> split_outside_quotes(std::string_view s) {
  std::vector<std::string_view> out;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted && c == '\\') {
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(s.substr(std::min(start, s.size())));
  return out;
}

bool is_tchar(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string unquote(std::string_view v) {
  if (v.empty() || v.front() != '"') return std::string(v);
  std::string out;
  for (std::size_t i = 1; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '"') return out;
    if (c == '\\' && i + 1 < v.size()) {
      out.push_back(v[++i]);
    } else {
      out.push_back(c);
    }
  }
  return {};  // unterminated: treat as absent rather than guess
}

void add_param(Challenge& ch, std::string_view param) {
  const std::size_t eq = param.find('=');
  if (eq == std::string_view::npos) return;
  const std::string_view name = trim(param.substr(0, eq));
  const std::string_view value = trim(param.substr(eq + 1));
  if (iequals(name, "macaroon") || iequals(name, "token")) {
    if (ch.macaroon.empty()) ch.macaroon = unquote(value);
  } else if (iequals(name, "invoice")) {
    if (ch.invoice.empty()) ch.invoice = unquote(value);
  }
}

}  // namespace

std::string format_challenge(std::string_view macaroon_b64, std::string_view invoice) {
  std::string out;
  out.reserve(macaroon_b64.size() + invoice.size() + 32);
  out.append("L402 macaroon=\"").append(macaroon_b64).append("\", invoice=\"").append(invoice);
  out.push_back('"');
  return out;
}

std::string format_lsat_challenge(std::string_view macaroon_b64, std::string_view invoice) {
  std::string out = format_challenge(macaroon_b64, invoice);
  out.replace(0, 4, "LSAT");
  return out;
}

std::string format_authorization(std::string_view macaroon_b64, const Hash32& preimage) {
  std::string out("L402 ");
  out.append(macaroon_b64).append(":").append(to_hex(preimage));
  return out;
}

Expected<Credential, VerifyError> parse_authorization(std::span<const std::string_view> values) {
  bool found = false;
  auto cred = collect(values, found);
  if (!cred) return cred;
  if (!found) return missing();
  return cred;
}

Expected<Credential, VerifyError> parse_authorization(std::string_view value) {
  return parse_authorization(std::span<const std::string_view>(&value, 1));
}

Expected<Credential, VerifyError> parse_authorization(const std::vector<std::string>& values) {
  std::vector<std::string_view> views(values.begin(), values.end());
  return parse_authorization(std::span<const std::string_view>(views));
}

Expected<Credential, VerifyError> parse_macaroon_header(std::string_view hex_value) {
  auto bytes = from_hex(trim(hex_value));
  if (!bytes) return malformed("the macaroon header must be the hex-encoded macaroon");
  const auto view = parse_macaroon_view(*bytes);
  if (!view) {
    return unexpected(VerifyError{VerifyCode::macaroon_malformed,
                                  "the macaroon in the macaroon header is not a valid V2 "
                                  "macaroon (" +
                                      view.error().message + ")"});
  }
  std::optional<std::string_view> preimage;
  for (const CaveatView& c : view->caveats) {
    if (c.third_party()) continue;
    const auto parts = split_caveat(c.id);
    if (parts && parts->condition == kPreimageCondition) preimage = parts->value;
  }
  if (!preimage) {
    return malformed(
        "the macaroon header carries no 'preimage=<hex>' caveat; add one, or send "
        "'Authorization: L402 <macaroon>:<preimage>'");
  }
  Credential cred;
  if (!from_hex_exact(*preimage, cred.preimage)) {
    return malformed("the preimage caveat must hold 64 hex characters");
  }
  cred.macaroon = std::move(*bytes);
  return cred;
}

Expected<Credential, VerifyError> parse_credential(const CredentialHeaders& headers) {
  bool found = false;
  auto cred = collect(headers.authorization, found);
  if (!cred || found) return cred;
  // Aperture's order: Authorization, then Grpc-Metadata-Macaroon, then Macaroon;
  // the first one present decides, with no fallback if it is malformed.
  cred = collect_macaroon_headers(headers.grpc_metadata_macaroon, found);
  if (!cred || found) return cred;
  cred = collect_macaroon_headers(headers.macaroon, found);
  if (!cred || found) return cred;
  return missing();
}

std::optional<Challenge> parse_challenge(std::span<const std::string_view> www_authenticate) {
  std::vector<Challenge> challenges;
  for (std::string_view value : www_authenticate) {
    Challenge* current = nullptr;
    for (std::string_view item : split_outside_quotes(value)) {
      item = trim(item);
      if (item.empty()) continue;
      std::size_t t = 0;
      while (t < item.size() && is_tchar(item[t]))
        ++t;
      // A token followed by whitespace starts a challenge, unless the next
      // non-space character is '=' (an auth-param written with spaces).
      const std::string_view after = trim(item.substr(t));
      const bool starts_challenge = t > 0 && (t == item.size() || is_space(item[t])) &&
                                    (after.empty() || after.front() != '=');
      if (starts_challenge) {
        challenges.push_back(Challenge{std::string(item.substr(0, t)), {}, {}});
        current = &challenges.back();
        add_param(*current, after);
      } else if (current != nullptr) {
        add_param(*current, item);
      }
    }
  }
  const Challenge* lsat = nullptr;
  for (const Challenge& ch : challenges) {
    if (ch.macaroon.empty() || ch.invoice.empty()) continue;
    if (iequals(ch.scheme, "L402")) return ch;
    if (iequals(ch.scheme, "LSAT") && lsat == nullptr) lsat = &ch;
  }
  if (lsat != nullptr) return *lsat;
  return std::nullopt;
}

std::optional<Challenge> parse_challenge(std::string_view www_authenticate) {
  return parse_challenge(std::span<const std::string_view>(&www_authenticate, 1));
}

std::optional<Challenge> parse_challenge(const std::vector<std::string>& www_authenticate) {
  std::vector<std::string_view> views(www_authenticate.begin(), www_authenticate.end());
  return parse_challenge(std::span<const std::string_view>(views));
}

}  // namespace l402d::l402
