#pragma once

// POST /api/quote: what one exact request would cost, free and without an
// invoice. The buyer describes the request ({"method", "path", "body"}, with
// "host" for a service served on one host only); the answer is computed by
// the same function the paywall prices that request with, so the 402 that
// follows asks for exactly the quoted amount. A request the service would
// refuse (bad input) gets the same 4xx as the request itself would.

#include <vector>

#include "api/service.hpp"
#include "api/service_overrides.hpp"
#include "http/handler.hpp"

namespace l402d::api {

// `overrides`: prices the seller set while the server runs (null: none);
// they must be filled before this is built.
http::Handler quote_handler(std::vector<Service> services,
                            const ServiceOverrides* overrides = nullptr);

}  // namespace l402d::api
