#pragma once

// What the seller's admin API asks of the store: the settings an operator
// changed while the server runs (a service's price, whether it is sold), the
// token rows filtered for a listing, and the books per service and UTC day.
// Kept apart from the token ledger so the paywall never sees it.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/token_ledger.hpp"

namespace l402d::store {

// An operator's change to a service; an unset field keeps the configured value.
struct ServiceSetting {
  std::string service;
  std::optional<std::uint64_t> price_sats;
  std::optional<bool> enabled;
  std::int64_t updated_at = 0;
};

struct TokenQuery {
  std::string service;  // empty: every service
  std::optional<TokenState> state;
  std::int64_t since = 0;                                         // created_at >= since
  std::int64_t until = std::numeric_limits<std::int64_t>::max();  // created_at < until
  std::size_t limit = 100;
};

// One service's tokens whose rows were created on one UTC day.
struct RevenueDay {
  std::int64_t day = 0;  // days since 1970-01-01 (UTC)
  std::string service;
  std::uint64_t earned_msat = 0;  // every paid token's price
  std::uint64_t recorded = 0;     // rows in the ledger (tokens are written once paid)
  std::uint64_t paid = 0;         // rows past issued
  std::uint64_t redeemed = 0;
  std::uint64_t failed = 0;
};

class AdminQueries {
 public:
  virtual ~AdminQueries() = default;

  virtual std::vector<ServiceSetting> service_settings() = 0;
  // Merges into the stored setting: a field left unset keeps what is stored.
  virtual void put_service_setting(const ServiceSetting& setting) = 0;
  // Newest first.
  virtual std::vector<TokenRecord> list_tokens(const TokenQuery& query) = 0;
  // Every token of a service the ledger knows, for revoking them all.
  virtual std::vector<TokenRecord> tokens_of_service(std::string_view service) = 0;
  // Rows created at or after `since`, by day then service.
  virtual std::vector<RevenueDay> revenue(std::int64_t since) = 0;
};

}  // namespace l402d::store
