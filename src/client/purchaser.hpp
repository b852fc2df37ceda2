#pragma once

// One purchase as both front ends make it, `l402 fetch` and `l402 mcp`: a
// wallet for the server being paid, the token cache and the daily budget of
// the data directory, and the Fetcher's money rules (fetcher.hpp) in between.
// The cache and the budget are files under a lock, so every l402 process of
// one data directory (a shell's fetches, an agent's MCP server) shares them:
// nothing is paid twice, and the daily limit counts everything paid.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "client/budget.hpp"
#include "client/config.hpp"
#include "client/fetcher.hpp"
#include "client/token_cache.hpp"
#include "client/transport.hpp"
#include "client/wallet.hpp"

namespace l402d::client {

struct PurchaseSettings {
  std::filesystem::path home;  // config.toml, tokens.json, budget.json
  Config config;
  std::string wallet;                              // empty: config.wallet
  std::optional<std::uint64_t> daily_budget_sats;  // replaces config.daily_budget_sats
};

class Purchaser {
 public:
  Purchaser(PurchaseSettings settings, Transport transport, Environment environment,
            Clock clock = unix_now);

  // The configuration's caps, network and receipt retention.
  FetchOptions default_options() const;

  // Throws WalletError when the wallet cannot be made (unknown name, bad
  // settings), std::invalid_argument for a URL that is not http(s).
  FetchResult buy(const net::HttpRequest& request, const FetchOptions& options,
                  Fetcher::Notice notice = {});

  // Makes the wallet once without paying, so that a wrong name or setting
  // stops a long-running front end at start and not at its first purchase.
  // Throws WalletError.
  void check_wallet() const;

  Budget& budget() { return budget_; }
  TokenCache& cache() { return cache_; }
  const std::string& wallet_name() const { return wallet_; }

 private:
  PurchaseSettings settings_;
  std::string wallet_;
  Transport transport_;
  Environment environment_;
  Clock clock_;
  TokenCache cache_;
  Budget budget_;
};

}  // namespace l402d::client
