#pragma once

// The buyer's configuration: $L402_HOME/config.toml, else ~/.l402/config.toml.
//
//   max_sats = 1000              # refuse any invoice whose price + max fee is above this
//   max_fee_sats = 10            # the most any payment may cost in routing fees
//   daily_budget_sats = 5000     # refuse to pay once today's total would exceed it
//   wallet = "dev"               # dev | lnd | cln | lnbits | phoenixd (nwc: not yet)
//   network = "regtest"          # refuse invoices for another network
//   receipt_days = 90            # keep receipts of used credentials this long
//   max_receipts = 1000          # and at most this many
//   [wallets.lnd]                # per-wallet settings, read by that wallet
//   host = "https://127.0.0.1:8080"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "bolt11/invoice.hpp"
#include "bolt11/network_name.hpp"

namespace l402d::client {

inline constexpr std::uint64_t kDefaultMaxSats = 1000;
// 1% of the default max_sats: enough for LND/CLN routes to most nodes,
// phoenixd's 4 sat + 0.4% up to 1500 sats and LNbits' default fee reserve
// (2 sat or 1%) up to 1000 sats, while a fee never costs much more than an
// L402 price itself. docs/client.md explains.
inline constexpr std::uint64_t kDefaultMaxFeeSats = 10;
inline constexpr std::int64_t kDefaultReceiptDays = 90;
inline constexpr std::uint64_t kDefaultMaxReceipts = 1000;

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using WalletSettings = std::map<std::string, std::string>;

struct Config {
  std::uint64_t max_sats = kDefaultMaxSats;
  std::uint64_t max_fee_sats = kDefaultMaxFeeSats;
  std::optional<std::uint64_t> daily_budget_sats;  // nullopt: no daily limit
  std::int64_t receipt_days = kDefaultReceiptDays;
  std::uint64_t max_receipts = kDefaultMaxReceipts;
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

// The network names of bolt11/network_name.hpp, shared with the server.
using bolt11::network_name;
using bolt11::parse_network;

}  // namespace l402d::client
