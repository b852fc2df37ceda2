#include "nostr/nwc_uri.hpp"

#include <algorithm>
#include <array>

#include "util/crypto.hpp"

namespace l402d::nostr {
namespace {

constexpr std::array<std::string_view, 2> kSchemes = {"nostr+walletconnect:",
                                                      "nostrwalletconnect:"};

Unexpected<Error> fail(std::string message) {
  return unexpected(Error{ErrorCode::malformed_uri, "NWC URI: " + std::move(message)});
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char c = text[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != prefix[i]) return false;
  }
  return true;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding into `out`; false on a broken %-escape.
bool percent_decode(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c != '%') {
      out.push_back(c);
    } else {
      const int hi = i + 2 < text.size() ? hex_value(text[i + 1]) : -1;
      const int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
  }
  return true;
}

// A string that held a secret, wiped when it goes out of scope.
struct WipedString {
  std::string text;
  ~WipedString() { secure_wipe({reinterpret_cast<std::uint8_t*>(text.data()), text.size()}); }
};

bool is_relay_url(std::string_view url) {
  for (std::string_view scheme : {std::string_view("wss://"), std::string_view("ws://")}) {
    if (iequals_prefix(url, scheme)) {
      const std::string_view rest = url.substr(scheme.size());
      return !rest.empty() && rest.front() != '/' &&
             std::none_of(rest.begin(), rest.end(), [](char c) { return is_space(c); });
    }
  }
  return false;
}

struct Parameters {
  std::vector<std::string> relays;  // in order, without repeats
  std::optional<SecretKey> secret;
  std::optional<std::string> lud16;
};

Expected<void, Error> add_relay(std::string_view raw, std::size_t ordinal,
                                std::vector<std::string>& relays) {
  const std::string which = "relay " + std::to_string(ordinal);
  std::string relay;
  if (!percent_decode(raw, relay)) return fail(which + " has a broken %-escape");
  if (!is_relay_url(relay)) return fail(which + " is not a ws:// or wss:// URL");
  if (std::find(relays.begin(), relays.end(), relay) == relays.end()) {
    relays.push_back(std::move(relay));
  }
  return {};
}

Expected<SecretKey, Error> read_secret(std::string_view raw) {
  WipedString value;
  if (!percent_decode(raw, value.text)) return fail("secret has a broken %-escape");
  auto key = SecretKey::from_hex(value.text);
  if (!key) return fail("secret is not 64 hex digits holding a valid secp256k1 secret key");
  return *std::move(key);
}

// The query's relay, secret and lud16 parameters; others are ignored.
Expected<Parameters, Error> read_parameters(std::string_view query) {
  Parameters out;
  std::size_t relay_params = 0;
  for (std::size_t start = 0; start < query.size();) {
    const std::size_t amp = std::min(query.find('&', start), query.size());
    const std::string_view pair = query.substr(start, amp - start);
    start = amp + 1;
    const std::size_t eq = pair.find('=');
    const std::string_view raw = eq == std::string_view::npos ? "" : pair.substr(eq + 1);
    std::string name;
    if (!percent_decode(pair.substr(0, eq), name)) {
      return fail("a parameter name has a broken %-escape");
    }
    if (name == "relay") {
      if (auto ok = add_relay(raw, ++relay_params, out.relays); !ok) return unexpected(ok.error());
    } else if (name == "secret") {
      if (out.secret) return fail("secret is given more than once");
      auto key = read_secret(raw);
      if (!key) return unexpected(key.error());
      out.secret = *std::move(key);
    } else if (name == "lud16" && !out.lud16) {
      std::string value;
      if (!percent_decode(raw, value)) return fail("lud16 has a broken %-escape");
      if (!value.empty()) out.lud16 = std::move(value);
    }
  }
  return out;
}

}  // namespace

Expected<NwcUri, Error> parse_nwc_uri(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);

  const auto scheme = std::find_if(kSchemes.begin(), kSchemes.end(),
                                   [&](std::string_view s) { return iequals_prefix(text, s); });
  if (scheme == kSchemes.end()) {
    return fail("does not start with nostr+walletconnect:// (or nostrwalletconnect://)");
  }
  text.remove_prefix(scheme->size());
  if (text.starts_with("//")) text.remove_prefix(2);
  if (const auto hash = text.find('#'); hash != std::string_view::npos) text = text.substr(0, hash);

  const std::size_t q = text.find('?');
  std::string_view pubkey_text = text.substr(0, q);
  if (pubkey_text.ends_with('/')) pubkey_text.remove_suffix(1);
  const auto wallet = PublicKey::from_hex(pubkey_text);
  if (!wallet) {
    return fail(
        "the wallet public key after the scheme is not 64 hex digits naming a "
        "secp256k1 point");
  }

  auto params = read_parameters(q == std::string_view::npos ? "" : text.substr(q + 1));
  if (!params) return unexpected(params.error());
  if (params->relays.empty())
    return fail("no relay parameter: the URI must name at least one relay");
  if (!params->secret) return fail("no secret parameter");
  return NwcUri{*wallet, std::move(params->relays), *std::move(params->secret),
                std::move(params->lud16)};
}

}  // namespace l402d::nostr
