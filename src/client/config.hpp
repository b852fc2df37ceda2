#pragma once

// The buyer's configuration: $L402_HOME/config.toml, else ~/.l402/config.toml.
//
//   max_sats = 1000              # refuse any single invoice above this
//   daily_budget_sats = 5000     # refuse to pay once today's total would exceed it
//   wallet = "dev"               # dev | lnd | cln | lnbits | phoenixd | nwc
//   network = "regtest"          # refuse invoices for another network
//   [wallets.lnd]                # per-wallet settings, read by that wallet
//   host = "https://127.0.0.1:8080"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "bolt11/invoice.hpp"

namespace l402d::client {

inline constexpr std::uint64_t kDefaultMaxSats = 1000;

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using WalletSettings = std::map<std::string, std::string>;

struct Config {
  std::uint64_t max_sats = kDefaultMaxSats;
  std::optional<std::uint64_t> daily_budget_sats;  // nullopt: no daily limit
  std::string wallet = "dev";
  std::optional<bolt11::Network> network;  // nullopt: the wallet's own network
  std::map<std::string, WalletSettings> wallets;
};

// $L402_HOME if set and non-empty, else $HOME/.l402. Throws ConfigError when
// neither variable helps.
std::filesystem::path data_dir();

// Defaults when the file does not exist; ConfigError (with file:line:column for
// syntax errors) on a bad file, an unknown key or a value of the wrong type.
Config load_config(const std::filesystem::path& file);
Config parse_config(std::string_view toml_text, const std::string& source_name);

std::optional<bolt11::Network> parse_network(std::string_view name);
std::string_view network_name(bolt11::Network network);

}  // namespace l402d::client
