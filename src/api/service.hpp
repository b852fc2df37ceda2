#pragma once

// A paid service, declared once: what it is called, what it costs, how its
// request is parsed and validated, and what runs it. Routes (POST and OPTIONS
// on /api/l402/<name>), the discovery documents, metric labels and the
// paywall's offer all come from this one value; nothing else names a service.

#include <any>
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "access/access_rules.hpp"
#include "api/api_error.hpp"
#include "api/request_price.hpp"
#include "api/schema.hpp"
#include "gateway/paid_handler.hpp"
#include "util/expected.hpp"

namespace l402d::api {

enum class Redemption {
  single_use,  // one token, one request, its result stored and replayed
  reusable,    // any request to the service until the token's caveats expire
};

// Where a service is served when it is not POST /api/l402/<name>: every
// method on a path prefix, optionally for one Host only (a proxied API).
struct ServiceRoute {
  std::string prefix;  // "/v1/" (and everything below it)
  std::string host;    // empty: any host
};

struct Service {
  std::string name;  // the URL segment, the services= caveat, the metric label
  std::string summary;
  std::string description;
  std::uint64_t price_sats = 0;  // a static price; the offer is made from it
  // The longest one job may run: a claim's lease and how long replays wait.
  std::uint32_t timeout_seconds = 300;
  Redemption redemption = Redemption::single_use;
  // Reusable tokens: how many requests one pays for (0: any number) and how
  // long it is good for (0: the seller's default token validity).
  std::uint32_t uses = 0;
  std::uint32_t token_seconds = 0;
  std::optional<ServiceRoute> route;
  // Uploads up to this many bytes are handed to `run` as they arrive
  // (Exchange::body_stream) rather than read whole first, where nothing
  // before the work needs the body: a route, reusable tokens (no request
  // binding) and prices that read nothing but the size. 0: read whole.
  std::uint64_t upload_limit = 0;
  // Prices that depend on the request (rules, sizes); empty: price_sats for
  // every request. `megapixels` feeds image-size charges.
  std::optional<pricing::PriceList> pricing;
  MegapixelsOf megapixels;
  // The work usually outlasts what a caller should wait on one request
  // (seconds to minutes): the MCP tool asks for it as a job (docs/mcp.md).
  bool long_running = false;
  // Whether the work runs on the engine pool, so that new invoices stop when
  // it is full (forwarding to an upstream does not).
  bool uses_engines = true;

  // The request body and the 200 body, as published in the OpenAPI document;
  // `parse` validates with the same request schema. Static: they outlive
  // every service.
  const RequestSchema* request_schema = nullptr;
  const ResultSchema* result_schema = nullptr;
  // Checks the JSON body before any invoice exists; the value it returns
  // reaches `run` as Exchange::attachment. Empty: any body is taken as it is.
  std::function<Expected<std::any, ApiError>(const boost::json::object&)> parse;
  // Optional: a cheap look at the body that says `parse` would be slow (an
  // image that decodes to many pixels). Such bodies, and any large body, are
  // parsed on the verification pool rather than on an I/O thread.
  std::function<bool(const boost::json::object&)> costly_parse;
  // The paid work.
  gateway::PaidHandler run;

  std::string path() const { return route ? route->prefix : "/api/l402/" + name; }

  // Free use and the challenge limit (gateway::AccessFilter); they apply when
  // the routes are given counters (PaywallParts::counters).
  access::AccessRules access;
};

}  // namespace l402d::api
