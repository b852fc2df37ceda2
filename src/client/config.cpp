#include "client/config.hpp"

#include <toml++/toml.h>

#include <cstdlib>

#include "client/file_lock.hpp"

namespace l402d::client {
namespace {

std::uint64_t non_negative(const toml::node& node, const std::string& key) {
  if (!node.is_integer()) throw ConfigError(key + ": expected an integer");
  auto v = *node.value<std::int64_t>();
  if (v < 0) throw ConfigError(key + ": must not be negative");
  return static_cast<std::uint64_t>(v);
}

// All the bitcoin there will ever be, in sats: larger limits are typos, and
// keeping below it lets limits be counted in msat without overflow.
constexpr std::uint64_t kMaxSats = 2'100'000'000'000'000;

std::uint64_t sats_value(const toml::node& node, const std::string& key) {
  auto v = non_negative(node, key);
  if (v > kMaxSats) throw ConfigError(key + ": more sats than there will ever be");
  return v;
}

std::string string_value(const toml::node& node, const std::string& key) {
  if (!node.is_string()) throw ConfigError(key + ": expected a string");
  return *node.value<std::string>();
}

}  // namespace

std::filesystem::path data_dir() {
  if (const char* home = std::getenv("L402_HOME"); home && *home) return home;
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / ".l402";
  }
  throw ConfigError("neither L402_HOME nor HOME is set: no place for config and tokens");
}

Config parse_config(std::string_view toml_text, const std::string& source_name) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source_name);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    throw ConfigError(source_name + ":" + std::to_string(where.line) + ":" +
                      std::to_string(where.column) + ": " + std::string(e.description()));
  }
  Config c;
  for (const auto& [k, node] : root) {
    std::string key(k.str());
    std::string where = source_name + ": " + key;
    if (key == "max_sats") {
      c.max_sats = sats_value(node, where);
    } else if (key == "max_fee_sats") {
      c.max_fee_sats = sats_value(node, where);
    } else if (key == "receipt_days") {
      auto days = non_negative(node, where);
      if (days > 36'500) throw ConfigError(where + ": at most 36500 days");
      c.receipt_days = static_cast<std::int64_t>(days);
    } else if (key == "max_receipts") {
      c.max_receipts = non_negative(node, where);
    } else if (key == "daily_budget_sats") {
      c.daily_budget_sats = sats_value(node, where);
    } else if (key == "wallet") {
      c.wallet = string_value(node, where);
    } else if (key == "network") {
      auto name = string_value(node, where);
      c.network = parse_network(name);
      if (!c.network) {
        throw ConfigError(where + ": expected mainnet, testnet, signet or regtest, got '" + name +
                          "'");
      }
    } else if (key == "wallets") {
      if (!node.is_table()) throw ConfigError(where + ": expected a table ([wallets.NAME])");
      for (const auto& [wname, wnode] : *node.as_table()) {
        std::string wkey = where + "." + std::string(wname.str());
        if (!wnode.is_table()) throw ConfigError(wkey + ": expected a table");
        WalletSettings settings;
        for (const auto& [sk, sv] : *wnode.as_table()) {
          std::string skey = wkey + "." + std::string(sk.str());
          if (sv.is_string()) {
            settings[std::string(sk.str())] = *sv.value<std::string>();
          } else if (sv.is_integer() || sv.is_boolean()) {
            // Wallets read their settings as text; numbers and flags are spelled out.
            settings[std::string(sk.str())] = sv.is_integer()
                                                  ? std::to_string(*sv.value<std::int64_t>())
                                                  : (*sv.value<bool>() ? "true" : "false");
          } else {
            throw ConfigError(skey + ": expected a string, integer or boolean");
          }
        }
        c.wallets[std::string(wname.str())] = std::move(settings);
      }
    } else {
      throw ConfigError(where + ": unknown key");
    }
  }
  return c;
}

Config load_config(const std::filesystem::path& file) {
  std::optional<std::string> text;
  try {
    text = read_file_if_exists(file);
  } catch (const std::exception& e) {
    throw ConfigError(e.what());
  }
  if (!text) return Config{};
  return parse_config(*text, file.string());
}

}  // namespace l402d::client
