#pragma once

// The seller's admin API, every path below /api/admin/ (docs/admin.md):
//
//   GET   /api/admin/services                 every service with its settings
//   PATCH /api/admin/services/{name}          {"price_sats": N, "enabled": bool}
//   POST  /api/admin/services/{name}/revoke   revoke every token of the service
//   GET   /api/admin/tokens?service=&state=&since=&until=&limit=
//   POST  /api/admin/tokens/{id}/revoke
//   GET   /api/admin/invoices?service=&limit=  this instance's challenges awaiting payment
//   GET   /api/admin/failures?service=&limit=  failed tokens that can still be redeemed
//   GET   /api/admin/revenue?days=N           the books per service and UTC day
//   GET   /api/admin/status                   backend, network, node id, version
//
// Behind AdminGuard (bearer token, loopback unless TLS, an audit line per
// call). Store calls run on the store pool.

#include <cstdint>
#include <functional>
#include <string>

#include "admin/admin_status.hpp"
#include "admin/service_settings.hpp"
#include "gateway/open_challenges.hpp"
#include "http/handler.hpp"
#include "http/router.hpp"
#include "http/worker_pool.hpp"
#include "store/admin_queries.hpp"

namespace l402d::admin {

inline constexpr std::string_view kAdminPrefix = "/api/admin/";

struct AdminDeps {
  std::string token;  // the bearer secret (admin.token)
  ServiceSettings& services;
  store::AdminQueries& queries;
  store::TokenLedger& ledger;
  // Revokes one token at every instance (blocking; runs on the store pool).
  std::function<void(const store::TokenRecord&)> revoke;
  http::WorkerPool& store_calls;
  std::function<std::int64_t()> now;  // unix seconds
  NodeFacts node;                     // for GET /api/admin/status
  // This instance's unpaid challenges; null: the invoice list is empty.
  gateway::OpenChallenges* open_challenges = nullptr;
  // Whether a failed token can still be redeemed: not revoked, not past its
  // lifetime (blocking; runs on the store pool). Null: every one can.
  std::function<bool(const store::TokenRecord&)> redeemable;
};

// Routes GET, PATCH and POST below kAdminPrefix; `deps` must outlive the router.
void add_admin_routes(http::Router& router, const AdminDeps& deps);

}  // namespace l402d::admin
