#pragma once

// Free, unauthenticated documents that let people and agents find out what is
// for sale and how to buy it: OpenAPI 3 (GET /api/openapi.json) and a service
// catalogue (GET /.well-known/l402-services). Both are generated from the
// listings, whose schemas are the ones the request parsers enforce.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/schema.hpp"
#include "pricing/price_list.hpp"

namespace l402d::api {

struct ServiceListing {
  std::string name;         // the operationId and the catalogue's name
  std::string path;         // POST route, e.g. "/api/l402/<name>"
  std::string summary;      // one line for the OpenAPI operation
  std::string description;  // what the buyer gets
  std::uint64_t price_sats = 0;
  const RequestSchema* request = nullptr;  // the body; must outlive the listing
  const ResultSchema* result = nullptr;    // the 200 body; must outlive the listing
  // A proxied API: any method on every path below `path`, with the upstream's
  // own request and reply formats (so no schemas, and no OpenAPI operation).
  bool proxied = false;
  bool reusable = false;            // one token pays for several requests
  std::uint32_t uses = 0;           // reusable: requests per token; 0: any number
  std::uint32_t token_seconds = 0;  // 0: the catalogue's token_validity_seconds
  // Set when the price depends on the request; price_sats is then the price
  // of a request no rule matches. POST /api/quote gives any request's price.
  std::optional<pricing::PriceList> pricing = std::nullopt;
  std::uint32_t free_requests_per_day = 0;  // per client address prefix (auth = freebies)
};

struct Catalogue {
  std::string public_url;
  std::vector<ServiceListing> services;
  bool dev_payments = false;                      // POST /dev/pay exists (builtin node)
  std::vector<std::string> protocols = {"L402"};  // the enabled rails: L402, MPP, x402
  std::uint32_t invoice_expiry_seconds = 3600;
  std::uint32_t token_validity_seconds = 86400;
  std::uint32_t result_retention_seconds = 86400;
};

std::string openapi_json(const Catalogue& catalogue);
std::string well_known_json(const Catalogue& catalogue);

}  // namespace l402d::api
