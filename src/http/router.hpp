#pragma once

// Method, host and path routing. A route's path is exact ("/api/l402/music"),
// ends in a single "{name}" segment ("/media/{id}") whose value the handler
// reads from Router::path_param, or is a prefix (add_prefix: "/proxy/" and
// every path below it). A route may be for one host only: the request's Host
// header, compared case-insensitively and without its port.
//
// Among the routes that match a request's path and accept its method:
//   1. a route for the request's host beats a route for any host (virtual
//      hosts first, like nginx's server blocks);
//   2. then an exact path beats a "{name}" one, which beats a prefix;
//   3. then the longest prefix wins; then a route for the method itself beats
//      a GET route serving HEAD; then the route added first.
// Unknown paths get 404, known paths with another method 405 with Allow, both
// as JSON errors. HEAD is served by GET routes (the server sends the head only).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/handler.hpp"

namespace l402d::http {

class Router {
 public:
  // `host` empty: any host. A host route's port, if given, is ignored.
  void add(Verb method, std::string pattern, Handler handler, std::string_view host = {});
  // Matches `prefix` and everything below it: "/proxy/" matches "/proxy/" and
  // "/proxy/a/b"; "/proxy" also "/proxy" itself, never "/proxyx".
  void add_prefix(Verb method, std::string prefix, Handler handler, std::string_view host = {});
  // Marks the routes of `prefix` (and host) as taking bodies of declared
  // length as they arrive, up to `limit` bytes (ServerOptions::
  // streamed_body_limit, Exchange::body_stream).
  void stream_bodies(std::string_view prefix, std::string_view host, std::uint64_t limit);

  boost::asio::awaitable<Response> route(Exchange& exchange) const;

  // The streamed-body limit of the route this request goes to, if that route
  // streams its bodies (see stream_bodies).
  std::optional<std::uint64_t> streamed_body_limit(const Request& request) const;

  // The last segment of the request's path: the value of a "{...}" pattern's
  // trailing segment, or "".
  static std::string_view path_param(const Exchange& exchange);

  // A route's label for metrics: its pattern (prefixed by its host, if it has
  // one), never the raw path, whose cardinality is unbounded.
  std::string_view pattern_for(const Request& request) const;
  // Every label pattern_for() can return.
  std::vector<std::string> patterns() const;

 private:
  enum class Shape { exact, param, prefix };
  struct Route {
    Verb method;
    std::string label;
    std::string host;  // lower case, without port; empty: any host
    std::string path;  // the whole path, the part before "{", or the prefix
    Shape shape;
    Handler handler;
    std::optional<std::uint64_t> streamed_body_limit = std::nullopt;
  };
  void add_route(Verb method, std::string label, std::string path, Shape shape, Handler handler,
                 std::string_view host);
  bool applies(const Route& route, std::string_view host, std::string_view path) const;
  const Route* match(const Request& request, bool& path_known) const;
  std::string allowed_methods(const Request& request) const;

  std::vector<Route> routes_;
  bool has_host_routes_ = false;  // else the Host header is never looked at
};

}  // namespace l402d::http
