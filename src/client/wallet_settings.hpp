#pragma once

// A wallet's settings: `[wallets.NAME]` in config.toml, each overridden by the
// environment variable L402_<NAME>_<KEY> (upper case: L402_LND_MACAROON_PATH).
// Secrets come from a value (macaroon_hex, rune, admin_key, password) or from
// a file named by a *_path setting; they are never put in messages.

#include <chrono>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "client/config.hpp"
#include "client/wallet.hpp"

namespace l402d::client {

class WalletSettingsReader {
 public:
  WalletSettingsReader(std::string wallet, const Config& config, Environment environment);

  // Throws WalletError naming any configured key that is neither an endpoint
  // key (read_endpoint) nor in `known`: a typo would otherwise silently fall
  // back to a default.
  void allow_only(std::initializer_list<std::string_view> known) const;

  // The environment variable, else the config value; nullopt when neither or empty.
  std::optional<std::string> get(std::string_view key) const;
  std::string get_or(std::string_view key, std::string fallback) const;
  // A whole number of seconds greater than zero.
  std::chrono::seconds seconds(std::string_view key, std::chrono::seconds fallback) const;
  std::uint64_t integer(std::string_view key, std::uint64_t fallback) const;
  // A path setting; "~/" expands to $HOME.
  std::optional<std::string> path(std::string_view key) const;

  // The text secret in `value_key`, else the trimmed contents of the file named
  // by `path_key`. Throws WalletError (naming keys and the path, never the
  // secret) when the file cannot be read or is empty.
  std::optional<std::string> secret(std::string_view value_key, std::string_view path_key) const;
  // The raw bytes of the file named by `path_key`, if set.
  std::optional<std::string> file_bytes(std::string_view path_key) const;

  // "wallets.lnd.macaroon_path (or L402_LND_MACAROON_PATH)", for messages.
  std::string describe(std::string_view key) const;
  const std::string& wallet() const { return wallet_; }

 private:
  std::string env_name(std::string_view key) const;
  std::string read_file(std::string_view key, const std::string& path) const;

  std::string wallet_;
  const WalletSettings* settings_ = nullptr;
  Environment environment_;
};

// A wallet's HTTP endpoint: base URL, TLS trust and time limits, shared by
// the REST wallets. pay_timeout bounds the node's own payment attempt
// (LND timeout_seconds, CLN retry_for, LNbits polling); the pay request's HTTP
// time limit is pay_timeout + timeout, so the node answers first.
struct WalletEndpoint {
  std::string host;           // scheme://host:port, no trailing slash
  std::string tls_cert_path;  // pinned certificate (LND's tls.cert)
  std::string ca_cert_path;   // CA bundle (clnrest's ca.pem)
  std::chrono::seconds timeout{30};
  std::chrono::seconds pay_timeout{60};
};

// Reads host, tls_cert_path, ca_cert_path, timeout_seconds and
// pay_timeout_seconds. Throws WalletError for a host that is not http(s).
WalletEndpoint read_endpoint(const WalletSettingsReader& reader, std::string default_host);

}  // namespace l402d::client
