#include "http/router.hpp"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <cctype>
#include <tuple>

#include "http/json_error.hpp"

namespace l402d::http {

namespace {
constexpr std::string_view kMethodNotAllowed = "(method not allowed)";
constexpr std::string_view kUnmatched = "(unmatched)";

// "Example.com:8080" -> "Example.com", "[::1]:8080" -> "[::1]".
std::string_view without_port(std::string_view host) {
  if (host.starts_with('[')) {
    auto close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(0, close + 1);
  }
  return host.substr(0, host.find(':'));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool accepts(Verb route_method, Verb method) {
  return route_method == method || (method == Verb::head && route_method == Verb::get);
}

}  // namespace

void Router::add(Verb method, std::string pattern, Handler handler, std::string_view host) {
  auto brace = pattern.find('{');
  const bool has_param = brace != std::string::npos;
  std::string path = has_param ? pattern.substr(0, brace) : pattern;
  add_route(method, std::move(pattern), std::move(path), has_param ? Shape::param : Shape::exact,
            std::move(handler), host);
}

void Router::add_prefix(Verb method, std::string prefix, Handler handler, std::string_view host) {
  std::string path = prefix;
  add_route(method, std::move(prefix), std::move(path), Shape::prefix, std::move(handler), host);
}

void Router::stream_bodies(std::string_view prefix, std::string_view host, std::uint64_t limit) {
  const std::string h = lower(without_port(host));
  for (auto& r : routes_) {
    if (r.shape == Shape::prefix && r.path == prefix && r.host == h) r.streamed_body_limit = limit;
  }
}

std::optional<std::uint64_t> Router::streamed_body_limit(const Request& request) const {
  bool known = false;
  const Route* r = match(request, known);
  return r ? r->streamed_body_limit : std::nullopt;
}

void Router::add_route(Verb method, std::string label, std::string path, Shape shape,
                       Handler handler, std::string_view host) {
  std::string h = lower(without_port(host));
  if (!h.empty()) {
    label = h + label;
    has_host_routes_ = true;
  }
  routes_.push_back(
      Route{method, std::move(label), std::move(h), std::move(path), shape, std::move(handler)});
}

bool Router::applies(const Route& r, std::string_view host, std::string_view path) const {
  if (!r.host.empty() && !boost::beast::iequals(r.host, host)) return false;
  switch (r.shape) {
    case Shape::exact:
      return path == r.path;
    case Shape::param:
      return path.size() > r.path.size() && path.starts_with(r.path) &&
             path.substr(r.path.size()).find('/') == std::string_view::npos;
    case Shape::prefix:
      return path.starts_with(r.path) &&
             (r.path.ends_with('/') || path.size() == r.path.size() || path[r.path.size()] == '/');
  }
  return false;
}

const Router::Route* Router::match(const Request& request, bool& path_known) const {
  const auto path = target_path(request);
  const auto host = has_host_routes_ ? without_port(request[Field::host]) : std::string_view{};
  const auto method = request.method();
  auto rank = [method](const Route& r) {
    return std::make_tuple(!r.host.empty(), r.shape == Shape::exact, r.shape == Shape::param,
                           r.path.size(), r.method == method);
  };
  path_known = false;
  const Route* best = nullptr;
  for (const auto& r : routes_) {
    if (!applies(r, host, path)) continue;
    path_known = true;
    if (!accepts(r.method, method)) continue;
    if (!best || rank(r) > rank(*best)) best = &r;
  }
  return best;
}

std::string Router::allowed_methods(const Request& request) const {
  const auto path = target_path(request);
  const auto host = has_host_routes_ ? without_port(request[Field::host]) : std::string_view{};
  std::vector<Verb> seen;
  std::string allow;
  for (const auto& r : routes_) {
    if (!applies(r, host, path)) continue;
    if (std::find(seen.begin(), seen.end(), r.method) != seen.end()) continue;
    seen.push_back(r.method);
    if (!allow.empty()) allow += ", ";
    allow += std::string(beast_http::to_string(r.method));
  }
  return allow;
}

std::string_view Router::path_param(const Exchange& exchange) {
  auto path = target_path(exchange.request);
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
}

std::string_view Router::pattern_for(const Request& request) const {
  bool known = false;
  const Route* r = match(request, known);
  if (r) return r->label;
  return known ? kMethodNotAllowed : kUnmatched;
}

std::vector<std::string> Router::patterns() const {
  std::vector<std::string> out;
  for (const auto& r : routes_) {
    if (std::find(out.begin(), out.end(), r.label) == out.end()) out.push_back(r.label);
  }
  out.emplace_back(kMethodNotAllowed);
  out.emplace_back(kUnmatched);
  return out;
}

boost::asio::awaitable<Response> Router::route(Exchange& exchange) const {
  const auto& req = exchange.request;
  bool known = false;
  if (const Route* r = match(req, known)) {
    co_return co_await r->handler(exchange);
  }
  if (!known) {
    co_return error_response(req, Status::not_found, "not_found",
                             "No such endpoint. See GET /api/openapi.json for the API.");
  }
  const std::string allow = allowed_methods(req);
  auto res = error_response(req, Status::method_not_allowed, "method_not_allowed",
                            "This endpoint does not accept " + std::string(req.method_string()) +
                                "; allowed: " + allow + ".");
  res.set(Field::allow, allow);
  co_return res;
}

}  // namespace l402d::http
