#include "client/wallet_settings.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include "client/file_lock.hpp"
#include "client/url.hpp"

namespace l402d::client {
namespace {

constexpr std::array<std::string_view, 5> kEndpointKeys = {
    "host", "tls_cert_path", "ca_cert_path", "timeout_seconds", "pay_timeout_seconds"};

std::string trim(std::string_view s) {
  auto is_space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!s.empty() && is_space(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && is_space(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

WalletSettingsReader::WalletSettingsReader(std::string wallet, const Config& config,
                                           Environment environment)
    : wallet_(std::move(wallet)), environment_(std::move(environment)) {
  if (auto it = config.wallets.find(wallet_); it != config.wallets.end()) settings_ = &it->second;
}

void WalletSettingsReader::allow_only(std::initializer_list<std::string_view> known) const {
  if (!settings_) return;
  for (const auto& [key, value] : *settings_) {
    bool ok = std::find(known.begin(), known.end(), key) != known.end() ||
              std::find(kEndpointKeys.begin(), kEndpointKeys.end(), key) != kEndpointKeys.end();
    if (!ok) throw WalletError("wallets." + wallet_ + "." + key + ": unknown setting");
  }
}

std::string WalletSettingsReader::env_name(std::string_view key) const {
  std::string name = "L402_" + wallet_ + "_" + std::string(key);
  for (auto& c : name)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::string WalletSettingsReader::describe(std::string_view key) const {
  return "wallets." + wallet_ + "." + std::string(key) + " (or " + env_name(key) + ")";
}

std::optional<std::string> WalletSettingsReader::get(std::string_view key) const {
  // Values pasted into a shell ($(cat file)) or a file often end in a newline.
  if (environment_) {
    if (auto v = environment_(env_name(key)); v && !trim(*v).empty()) return trim(*v);
  }
  if (settings_) {
    if (auto it = settings_->find(std::string(key)); it != settings_->end()) {
      if (auto v = trim(it->second); !v.empty()) return v;
    }
  }
  return std::nullopt;
}

std::string WalletSettingsReader::get_or(std::string_view key, std::string fallback) const {
  auto v = get(key);
  return v ? *v : std::move(fallback);
}

std::uint64_t WalletSettingsReader::integer(std::string_view key, std::uint64_t fallback) const {
  auto v = get(key);
  if (!v) return fallback;
  std::uint64_t out = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || end != v->data() + v->size()) {
    throw WalletError(describe(key) + ": expected a whole number");
  }
  return out;
}

std::chrono::seconds WalletSettingsReader::seconds(std::string_view key,
                                                   std::chrono::seconds fallback) const {
  auto n = integer(key, static_cast<std::uint64_t>(fallback.count()));
  // Beyond a day a wait is a mistake; zero would mean "no limit" to libcurl.
  if (n == 0 || n > 86'400) throw WalletError(describe(key) + ": expected 1 to 86400 seconds");
  return std::chrono::seconds(n);
}

std::optional<std::string> WalletSettingsReader::path(std::string_view key) const {
  auto v = get(key);
  if (!v) return std::nullopt;
  if (v->starts_with("~/")) {
    auto home = environment_ ? environment_("HOME") : std::nullopt;
    if (!home || home->empty()) throw WalletError(describe(key) + ": ~ used but HOME is not set");
    return *home + v->substr(1);
  }
  return v;
}

std::string WalletSettingsReader::read_file(std::string_view key, const std::string& path) const {
  std::optional<std::string> text;
  try {
    text = read_file_if_exists(path);
  } catch (const std::exception&) {
    text.reset();
  }
  if (!text) throw WalletError(describe(key) + ": cannot read " + path);
  return *text;
}

std::optional<std::string> WalletSettingsReader::file_bytes(std::string_view path_key) const {
  auto p = path(path_key);
  if (!p) return std::nullopt;
  auto bytes = read_file(path_key, *p);
  if (bytes.empty()) throw WalletError(describe(path_key) + ": " + *p + " is empty");
  return bytes;
}

std::optional<std::string> WalletSettingsReader::secret(std::string_view value_key,
                                                        std::string_view path_key) const {
  if (auto v = get(value_key)) return v;
  auto p = path(path_key);
  if (!p) return std::nullopt;
  auto text = trim(read_file(path_key, *p));
  if (text.empty()) throw WalletError(describe(path_key) + ": " + *p + " is empty");
  return text;
}

WalletEndpoint read_endpoint(const WalletSettingsReader& reader, std::string default_host) {
  WalletEndpoint e;
  e.host = reader.get_or("host", std::move(default_host));
  if (e.host.empty()) throw WalletError(reader.describe("host") + " is required");
  UrlParts url;
  try {
    url = parse_url(e.host);
  } catch (const std::invalid_argument&) {
    throw WalletError(reader.describe("host") + ": expected http://HOST:PORT or https://HOST:PORT");
  }
  // Keep a path prefix (LNbits behind a reverse proxy at /lnbits), drop a
  // trailing slash: API paths are appended to it.
  e.host = url.origin() + (url.path == "/" ? "" : url.path);
  while (e.host.ends_with('/'))
    e.host.pop_back();
  e.tls_cert_path = reader.path("tls_cert_path").value_or("");
  e.ca_cert_path = reader.path("ca_cert_path").value_or("");
  e.timeout = reader.seconds("timeout_seconds", e.timeout);
  e.pay_timeout = reader.seconds("pay_timeout_seconds", e.pay_timeout);
  return e;
}

}  // namespace l402d::client
