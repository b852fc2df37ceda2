#pragma once

// A request the MCP endpoint makes to the server's own routes, as if the MCP
// client had sent it over HTTP itself: same connection facts (address, TLS),
// same Host and forwarding headers (so free allowances, challenge limits and
// absolute URLs come out as they would), plus the body and headers of the
// call. Going through the router keeps every rule of the paid path in one
// place: validation, pricing, the paywall, jobs and the rails.

#include <string>
#include <vector>

#include "http/message.hpp"

namespace l402d::mcp {

struct InProcessRequest {
  http::Verb method = http::Verb::post;
  std::string target;
  std::string body;  // JSON when not empty
  std::vector<std::pair<std::string, std::string>> headers;
};

http::Exchange in_process_exchange(const http::Exchange& outer, const InProcessRequest& request);

// The in-process answer as a string response; a file or stream answer (not
// one the routes MCP calls give) becomes a 502 error.
http::StringResponse as_string_response(http::Response response);

}  // namespace l402d::mcp
