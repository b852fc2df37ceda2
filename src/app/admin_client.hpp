#pragma once

// One call of the seller's admin API over HTTP, with the bearer token from
// the data directory: what `l402d admin` and `l402d admin mcp` send, so
// neither can disagree with the API.

#include <string>

#include "app/config.hpp"
#include "net/http_client.hpp"

namespace l402d::app {

// The base URL the calls go to: `url`, else the listener (loopback for a
// wildcard address).
std::string admin_base_url(const Config& config, const std::string& url);

// `method` on /api/admin/<path> (path with its query). Throws what
// admin::read_admin_token throws when the token file is missing.
net::HttpResponse admin_call(const Config& config, const std::string& url,
                             const std::string& method, const std::string& path,
                             const std::string& body = {});

// "code: message" from the API's error body, else "HTTP <status>".
std::string admin_error_text(const net::HttpResponse& response);

}  // namespace l402d::app
