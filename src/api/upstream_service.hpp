#pragma once

// A service that sells an upstream HTTP API: every request below its route
// is paid for and forwarded (proxy::Forwarder). Declared from the seller's
// config like any other service, with the same paywall, rails and backends.

#include <cstdint>
#include <string>

#include "api/service.hpp"
#include "proxy/upstream.hpp"

namespace l402d::api {

struct UpstreamServiceSettings {
  std::string name;
  std::string description;
  std::uint64_t price_sats = 0;
  ServiceRoute route;
  proxy::Upstream upstream;
  // Single-use tokens replay a stored reply, so the forwarder reads it whole.
  // The terms every service shares (uses, token lifetime, prices, access)
  // are set on the returned Service like any other's.
  Redemption redemption = Redemption::reusable;
  std::uint32_t timeout_seconds = 300;
  // The largest upload forwarded as it arrives (Service::upload_limit).
  std::uint64_t upload_limit_bytes = 0;
};

// Throws net::HttpError(tls) when the upstream's trust files are unusable.
Service upstream_service(UpstreamServiceSettings settings);

}  // namespace l402d::api
