#pragma once

// The arguments of `l402 mcp`'s fetch and quote tools, read into the HTTP
// request the Fetcher sends. Everything an agent could get wrong is refused
// here, with a message it can act on, before any request leaves.

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "net/http_client.hpp"
#include "util/expected.hpp"

namespace l402d::client {

struct FetchArguments {
  net::HttpRequest request;
  std::optional<std::uint64_t> max_sats;  // the agent's own, lower cap for this call
  bool dry_run = false;
};

// url (http or https), method (default GET, POST with a body), headers (an
// object of strings), body (text) or json (any JSON, sent with Content-Type
// application/json), max_sats, dry_run. Credentials are the fetcher's to
// send: Authorization and the payment headers are refused, as are Host and
// the framing headers, which the transport sets.
Expected<FetchArguments, std::string> read_fetch_arguments(const boost::json::object& arguments,
                                                           std::chrono::milliseconds timeout);

}  // namespace l402d::client
