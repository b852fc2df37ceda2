#pragma once

// Method + path routing. Paths are exact ("/api/l402/music") or end in a single
// "{name}" segment ("/media/{id}") whose value the handler reads from
// Exchange::path_param. Unknown paths get 404, known paths with another method
// 405 with Allow, both as JSON errors.

#include <string>
#include <string_view>
#include <vector>

#include "http/handler.hpp"

namespace l402d::http {

class Router {
 public:
  void add(Verb method, std::string pattern, Handler handler);

  boost::asio::awaitable<Response> route(Exchange& exchange) const;

  // The value of the trailing "{...}" segment of the matched pattern, or "".
  static std::string_view path_param(const Exchange& exchange);

  // A route's pattern for metrics labels: never the raw path (unbounded cardinality).
  std::string_view pattern_for(const Request& request) const;
  // Every label pattern_for() can return.
  std::vector<std::string> patterns() const;

 private:
  struct Route {
    Verb method;
    std::string pattern;
    std::string prefix;  // the pattern up to "{", or all of it
    bool has_param;
    Handler handler;
  };
  const Route* match(std::string_view path, Verb method, bool& path_known) const;

  std::vector<Route> routes_;
};

}  // namespace l402d::http
