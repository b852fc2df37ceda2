#pragma once

// The admin API's JSON shapes, one function each, so that the routes, the
// command line and docs/admin.md agree on them.

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "admin/service_settings.hpp"
#include "gateway/open_challenges.hpp"
#include "store/admin_queries.hpp"
#include "store/token_ledger.hpp"

namespace l402d::admin {

// "2026-12-07" for days since 1970-01-01.
std::string utc_date(std::int64_t day);

// {"name", "path", "kind", "redemption", "price_sats", "configured_price_sats",
//  "price_overridden", "priced_per_request", "enabled"}
boost::json::object service_json(const ServiceView& service);
// {"id", "service", "state", "price_sats", "price_msat", "attempts",
//  "created_at", "updated_at", "last_error"}
boost::json::object token_json(const store::TokenRecord& token);
// {"payment_hash", "service", "amount_sats", "amount_msat", "rails", "created_at",
//  "expires_at"}
boost::json::object invoice_json(const gateway::OpenChallenge& challenge);
// {"days", "since", "rows": [{"day", "service", "earned_sats", "earned_msat",
//  "recorded", "paid", "redeemed", "failed"}], "totals": {...}}
boost::json::object revenue_json(const std::vector<store::RevenueDay>& rows, int days,
                                 std::int64_t since);

}  // namespace l402d::admin
