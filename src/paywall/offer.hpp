#pragma once

// What one request would buy: the service, its price, and (for a policy that
// binds tokens to one request) the request the token will be good for.

#include <cstdint>
#include <optional>
#include <string>

#include "util/bytes.hpp"

namespace l402d::paywall {

struct Offer {
  std::string service;  // the services= caveat and the invoice memo
  std::uint64_t price_msat = 0;
  // Set when the token is bound to this exact request (single-use policy);
  // unset for tokens good for any request to the service (reusable policy).
  std::optional<Hash32> request_hash;
  // How long the token is good for (its valid_until caveat); 0: the seller's
  // default for every token.
  std::uint32_t token_seconds = 0;
  // The price depends on the request: the token says what it was sold for,
  // and covers only requests that cost at most that.
  bool priced_per_request = false;
};

}  // namespace l402d::paywall
