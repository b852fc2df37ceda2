#pragma once

// Cross-origin rules in one place: every answer of a public route carries them
// (so a page can read a 402's challenge, an error or a result), preflights get
// the methods and headers allowed, and the server's own errors (400, 413, 503
// before routing) are decorated the same way.

#include <string>

#include "http/handler.hpp"

namespace l402d::http {

struct CorsPolicy {
  std::string allow_origin = "*";
  // Response headers a page may read besides the CORS-safelisted ones.
  std::string expose_headers = "WWW-Authenticate, Content-Length";
  // Browsers read these only from preflight answers, so only those carry them.
  std::string allow_headers = "Authorization, Content-Type";
  std::string allow_methods = "GET, POST, OPTIONS";
  std::string max_age = "86400";

  void apply(Response& response) const;
  void apply_preflight(Response& response) const;
};

// Decorates whatever the rest of the chain answers.
class CorsFilter : public Filter {
 public:
  explicit CorsFilter(CorsPolicy policy) : policy_(std::move(policy)) {}
  boost::asio::awaitable<Response> handle(Exchange& exchange, const Handler& next) override;

 private:
  CorsPolicy policy_;
};

// The 204 answer to OPTIONS on a public route.
Handler preflight_handler(CorsPolicy policy);

}  // namespace l402d::http
