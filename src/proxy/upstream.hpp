#pragma once

// Where a proxied service's requests go and how: the upstream's base URL,
// which part of the buyer's path it receives, the fields the seller adds (its
// own API key, say), trust for https, and how long the upstream may stay
// silent. Read from the config; nothing here is per request.

#include <chrono>
#include <cstddef>
#include <string>

#include "proxy/forwarded_headers.hpp"

namespace l402d::proxy {

struct Upstream {
  // "https://api.example.com" or with a base path: "http://127.0.0.1:9000/v1".
  std::string url;
  // Taken off the front of the buyer's path before it is appended to `url`
  // (the service's route prefix when the seller says so; empty: the whole
  // path goes).
  std::string strip_prefix;
  HeaderList headers;  // replace the buyer's fields of the same name; never logged
  std::string ca_file;
  std::string pinned_cert_file;
  // The longest the upstream may stay silent: to connect and answer with its
  // head, then between two pieces of the body. A stream may last hours.
  std::chrono::milliseconds idle_timeout{60'000};
  // A reply kept for replays (single-use tokens) is read whole first; longer
  // replies fail (the token stays redeemable).
  std::size_t stored_reply_limit = 16u << 20;
};

// The upstream URL for a buyer's path and query: "/v1/chat?x=1" with url
// "http://u:9000/api" and strip_prefix "/v1" gives "http://u:9000/api/chat?x=1".
std::string upstream_url(const Upstream& upstream, std::string_view target);

}  // namespace l402d::proxy
