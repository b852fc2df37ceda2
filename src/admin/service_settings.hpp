#pragma once

// The services as the seller sees them: what the configuration declares and
// what was changed since (a price, a switch), kept in the store so that a
// restart and every instance on the same database apply the same changes.
// Changes reach the request path through api::ServiceOverrides.

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/service.hpp"
#include "api/service_overrides.hpp"
#include "store/admin_queries.hpp"

namespace l402d::admin {

// A service as declared at start.
struct ServiceFacts {
  std::string name;
  std::string path;
  std::uint64_t price_sats = 0;     // configured
  bool priced_per_request = false;  // configured pricing rules
  std::string kind;                 // "engine" (built in) or "upstream" (proxied API)
  std::string redemption;           // "single_use" or "reusable"
};
ServiceFacts facts_of(const api::Service& service);

struct ServiceView {
  ServiceFacts facts;
  std::optional<std::uint64_t> price_override;
  bool enabled = true;
  std::uint64_t price_sats() const { return price_override.value_or(facts.price_sats); }
};

struct ServiceChange {
  std::optional<std::uint64_t> price_sats;
  std::optional<bool> enabled;
};

// Thread-safe: reloads and changes take turns; readers see the overrides' atomics.
class ServiceSettings {
 public:
  // Every service must already be in `overrides` (api::add_service_routes adds them).
  ServiceSettings(std::vector<ServiceFacts> services, store::AdminQueries& store,
                  api::ServiceOverrides& overrides);

  // Applies what the store holds (at start, then every few seconds, so that
  // another instance's changes arrive). Blocks on the store; store errors propagate.
  void reload();
  // Stores the change, then applies it here. Empty for an unknown service.
  std::optional<ServiceView> change(const std::string& name, const ServiceChange& change,
                                    std::int64_t now);

  std::vector<ServiceView> list() const;
  std::optional<ServiceView> find(const std::string& name) const;

 private:
  std::vector<ServiceFacts> services_;
  // A reload must not apply a row read before a change that commits meanwhile.
  std::mutex writing_;
  store::AdminQueries& store_;
  api::ServiceOverrides& overrides_;
};

}  // namespace l402d::admin
