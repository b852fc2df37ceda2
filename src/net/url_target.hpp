#pragma once

// A URL split into what a socket client connects to and what it asks for,
// parsed with libcurl's parser so that both clients read URLs alike.

#include <optional>
#include <string>

namespace l402d::net {

struct UrlTarget {
  bool tls = false;    // https or wss
  std::string host;    // without IPv6 brackets
  std::string port;    // the scheme's default when the URL has none
  std::string target;  // path and query, at least "/"
  std::string origin;  // scheme://host:port, for pooling and messages
};

// nullopt for a URL that does not parse or is not http, https, ws or wss.
std::optional<UrlTarget> url_target(const std::string& url);

}  // namespace l402d::net
