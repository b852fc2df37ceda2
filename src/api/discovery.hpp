#pragma once

// Free, unauthenticated documents that let people and agents find out what is
// for sale and how to buy it: OpenAPI 3 (GET /api/openapi.json) and a service
// catalogue (GET /.well-known/l402-services).

#include <cstdint>
#include <string>
#include <vector>

namespace l402d::api {

struct ServiceListing {
  std::string name;  // "music" -> POST /api/l402/music
  std::uint64_t price_sats = 0;
  std::string description;
};

struct Catalogue {
  std::string public_url;
  std::vector<ServiceListing> services;
  bool dev_payments = false;  // POST /dev/pay exists (builtin node)
  std::uint32_t invoice_expiry_seconds = 3600;
  std::uint32_t token_validity_seconds = 86400;
  std::uint32_t result_retention_seconds = 86400;
};

std::string openapi_json(const Catalogue& catalogue);
std::string well_known_json(const Catalogue& catalogue);

}  // namespace l402d::api
