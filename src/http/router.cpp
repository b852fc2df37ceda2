#include "http/router.hpp"

#include <algorithm>

#include "http/json_error.hpp"

namespace l402d::http {

void Router::add(Verb method, std::string pattern, Handler handler) {
  auto brace = pattern.find('{');
  bool has_param = brace != std::string::npos;
  std::string prefix = has_param ? pattern.substr(0, brace) : pattern;
  routes_.push_back(Route{method, pattern, std::move(prefix), has_param, std::move(handler)});
}

namespace {
constexpr std::string_view kMethodNotAllowed = "(method not allowed)";
constexpr std::string_view kUnmatched = "(unmatched)";

bool path_matches(std::string_view path, std::string_view prefix, bool has_param) {
  if (!has_param) return path == prefix;
  if (path.size() <= prefix.size() || path.substr(0, prefix.size()) != prefix) return false;
  return path.substr(prefix.size()).find('/') == std::string_view::npos;
}
}  // namespace

const Router::Route* Router::match(std::string_view path, Verb method, bool& path_known) const {
  path_known = false;
  for (const auto& r : routes_) {
    if (!path_matches(path, r.prefix, r.has_param)) continue;
    path_known = true;
    // HEAD is served by the GET handler; the server sends its head only.
    if (r.method == method || (method == Verb::head && r.method == Verb::get)) return &r;
  }
  return nullptr;
}

std::string_view Router::path_param(const Exchange& exchange) {
  auto path = target_path(exchange.request);
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
}

std::string_view Router::pattern_for(const Request& request) const {
  bool known = false;
  const Route* r = match(target_path(request), request.method(), known);
  if (r) return r->pattern;
  return known ? kMethodNotAllowed : kUnmatched;
}

std::vector<std::string> Router::patterns() const {
  std::vector<std::string> out;
  for (const auto& r : routes_) {
    if (std::find(out.begin(), out.end(), r.pattern) == out.end()) out.push_back(r.pattern);
  }
  out.emplace_back(kMethodNotAllowed);
  out.emplace_back(kUnmatched);
  return out;
}

boost::asio::awaitable<Response> Router::route(Exchange& exchange) const {
  const auto& req = exchange.request;
  auto path = target_path(req);
  bool known = false;
  if (const Route* r = match(path, req.method(), known)) {
    co_return co_await r->handler(exchange);
  }
  if (!known) {
    co_return error_response(req, Status::not_found, "not_found",
                             "No such endpoint. See GET /api/openapi.json for the API.");
  }
  std::string allow;
  for (const auto& r : routes_) {
    if (!path_matches(path, r.prefix, r.has_param)) continue;
    if (!allow.empty()) allow += ", ";
    allow += std::string(beast_http::to_string(r.method));
  }
  auto res = error_response(req, Status::method_not_allowed, "method_not_allowed",
                            "This endpoint does not accept " + std::string(req.method_string()) +
                                "; allowed: " + allow + ".");
  res.set(Field::allow, allow);
  co_return res;
}

}  // namespace l402d::http
