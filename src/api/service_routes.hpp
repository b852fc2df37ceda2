#pragma once

// Turns a Service declaration into its routes: POST <path> through the
// filters every paid route has, and OPTIONS <path> for browsers' preflights.
//
//   CORS -> cached replay -> validation -> admission -> access -> paywall gate -> work
//
// CORS decorates every answer; a cached replay skips the rest; bad input gets
// its 4xx before any invoice; a saturated server gives no new invoices; access
// serves free requests and limits challenges per client; the gate sells,
// verifies and redeems.

#include <cstdint>
#include <functional>
#include <memory>

#include "access/window_counters.hpp"
#include "api/discovery.hpp"
#include "api/service.hpp"
#include "api/service_overrides.hpp"
#include "gateway/open_challenges.hpp"
#include "gateway/result_cache.hpp"
#include "gateway/token_waiters.hpp"
#include "http/cors.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/worker_pool.hpp"
#include "jobs/job_runner.hpp"
#include "paywall/authorizer.hpp"
#include "paywall/challenger.hpp"
#include "paywall/credential_reader.hpp"
#include "paywall/idempotency_keys.hpp"
#include "paywall/rail_offers.hpp"
#include "paywall/redemption_policy.hpp"
#include "paywall/settlement.hpp"
#include "store/store_health.hpp"
#include "store/token_ledger.hpp"

namespace l402d::api {

// What every paid route shares.
struct PaywallParts {
  paywall::Challenger& challenger;
  paywall::Authorizer& authorizer;
  const paywall::CredentialReader& reader;
  const paywall::RailOffers& offers;
  const paywall::Settlement& settlement;
  store::TokenLedger& ledger;
  http::WorkerPool& store_calls;
  http::WorkerPool& engines;  // asked has_capacity() before a new invoice
  // Parses that would hold an I/O thread (large bodies, costly_parse); null:
  // every parse runs inline.
  std::shared_ptr<http::WorkerPool> verification;
  http::Metrics* metrics = nullptr;
  gateway::ResultCache* results = nullptr;
  std::uint32_t result_retention_seconds = 86400;
  std::function<std::int64_t()> now;  // unix seconds
  std::function<std::string()> public_url;
  http::CorsPolicy cors;
  paywall::IdempotencyKeys* idempotency = nullptr;  // shared by the services; null: no keys
  // Free uses and challenges per client, shared by the services; null: every
  // request pays and challenges are not limited (Service::access is ignored).
  access::WindowCounters* counters = nullptr;
  // A single-use claim's lease is the service's timeout_seconds plus this.
  std::uint32_t lease_grace_seconds = 30;
  // Wakes replays waiting on a busy token when its work ends, here or at
  // another instance; null: they poll.
  gateway::TokenWaiters* waiters = nullptr;
  // A database across the network: sales stop while it is down; null: embedded.
  store::StoreHealth* store_health = nullptr;
  // Runs paid requests that ask for a job (202, docs/jobs.md) for services
  // with single-use tokens; null: every request is answered when done.
  jobs::JobRunner* jobs = nullptr;
  // Prices and switches the seller changes while the server runs; each
  // service is added to it by add_service_routes. Null: the configuration only.
  ServiceOverrides* overrides = nullptr;
  // This instance's unpaid challenges, shared by the services; null: not kept.
  gateway::OpenChallenges* open_challenges = nullptr;
};

void add_service_routes(http::Router& router, const Service& service, const PaywallParts& parts);

// Whether the service takes its uploads as they arrive (Service::upload_limit):
// nothing before its work needs the body.
bool streams_uploads(const Service& service);

// Routes `handler` where the service is served: POST <path>, or every method
// on its prefix (and host). The quote routes its price the same way.
void add_service_route(http::Router& router, const Service& service, http::Handler handler);

// How the discovery documents list the service.
ServiceListing listing_of(const Service& service);

// The redemption policy a service declares, built over the shared ledger.
std::shared_ptr<paywall::RedemptionPolicy> redemption_policy(const Service& service,
                                                             const PaywallParts& parts);

}  // namespace l402d::api
