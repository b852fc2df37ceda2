#pragma once

#include <string>
#include <string_view>

namespace l402d::client {

// The parts of a request URL the client needs: where to send /dev/pay and what
// to key cached credentials on.
struct UrlParts {
  std::string scheme;  // lower case
  std::string host;    // lower case; IPv6 without brackets
  int port = 0;        // explicit, defaults filled in (80, 443)
  std::string path;    // at least "/"
  std::string query;   // without '?', may be empty

  // scheme://host:port (the port always spelled out), the token cache's server key.
  std::string server() const;
  // scheme://host[:port] as a browser would write it, for /dev/pay.
  std::string origin() const;
  // path[?query]
  std::string target() const;
  // origin + path, without the query: printable in progress lines (a query
  // may carry an API key).
  std::string printable() const;
};

// Only http and https. Throws std::invalid_argument with a message on anything else.
UrlParts parse_url(std::string_view url);

// Resolves `ref` (absolute, or a path starting with '/') against `base`.
std::string resolve_url(const UrlParts& base, std::string_view ref);

}  // namespace l402d::client
