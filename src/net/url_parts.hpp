#pragma once

// The pieces of a URL the client decides on. Parsed with libcurl's own parser
// so that they agree with what libcurl will connect to. Each returns "" (or
// false) for a URL it cannot parse; the transfer then fails with libcurl's
// error.

#include <string>

namespace l402d::net {

// For error messages: never the path or query, which may carry a key.
std::string url_host(const std::string& url);
// "scheme://host:port", with the scheme's default port filled in.
std::string url_origin(const std::string& url);
std::string url_scheme(const std::string& url);
// user:password@ in the URL: credentials libcurl would send as Basic auth.
bool url_has_userinfo(const std::string& url);

}  // namespace l402d::net
