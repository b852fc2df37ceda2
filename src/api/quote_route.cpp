#include "api/quote_route.hpp"

#include <boost/json.hpp>
#include <memory>

#include "api/json_body.hpp"
#include "http/json_error.hpp"

namespace l402d::api {

namespace json = boost::json;

namespace {

struct Asked {
  http::Exchange exchange;
  std::string host;
};

bool under(std::string_view path, std::string_view prefix) {
  if (!path.starts_with(prefix)) return false;
  if (prefix.ends_with('/') || path.size() == prefix.size()) return true;
  return path[prefix.size()] == '/';
}

// The service the router would pick: an exact POST route, else the longest
// matching prefix, a host's own route before one for any host.
const Service* service_for(const std::vector<Service>& services, const Asked& asked) {
  const auto& req = asked.exchange.request;
  const auto path = http::target_path(req);
  const Service* best = nullptr;
  std::size_t best_rank = 0;
  for (const auto& s : services) {
    std::size_t rank = 0;
    if (!s.route) {
      if (req.method() == http::Verb::post && path == s.path()) return &s;
    } else if (under(path, s.route->prefix) &&
               (s.route->host.empty() || s.route->host == asked.host)) {
      rank = 1 + s.route->prefix.size() * 2 + (s.route->host.empty() ? 0 : 1);
    }
    if (rank > best_rank) best = &s, best_rank = rank;
  }
  return best;
}

http::Response bad(const http::Request& req, std::string_view message) {
  return http::error_response(req, http::Status::bad_request, "invalid_field", message);
}

// Reads {"method", "path", "body", "host"} into the request it describes.
std::optional<Asked> asked_of(const json::object& q) {
  const auto* path = q.if_contains("path");
  if (!path || !path->is_string() || !path->get_string().starts_with("/")) return std::nullopt;
  Asked a;
  auto& req = a.exchange.request;
  const auto* method = q.if_contains("method");
  const std::string verb =
      method && method->is_string() ? std::string(method->get_string()) : "POST";
  req.method(http::beast_http::string_to_verb(verb));
  if (req.method() == http::Verb::unknown) return std::nullopt;
  req.target(std::string(path->get_string()));
  if (const auto* body = q.if_contains("body")) {
    req.body() = body->is_string() ? std::string(body->get_string()) : json::serialize(*body);
    req.set(http::Field::content_type, "application/json");
  }
  if (const auto* host = q.if_contains("host"); host && host->is_string())
    a.host = std::string(host->get_string());
  req.prepare_payload();
  return a;
}

// The service's own validation, as its route runs it before any invoice.
std::optional<ApiError> refused(const Service& s, http::Exchange& ex) {
  if (!s.parse) return std::nullopt;
  auto body = parse_json_object(ex.request);
  if (!body) return body.error();
  auto parsed = s.parse(*body);
  if (!parsed) return parsed.error();
  ex.attachment = std::move(*parsed);
  ex.json_body = std::make_shared<const json::value>(std::move(*body));
  return std::nullopt;
}

http::Response quote(const std::vector<Service>& services, const http::Request& req) {
  auto parsed = parse_json_object(req);
  if (!parsed) return to_response(req, parsed.error());
  auto asked = asked_of(*parsed);
  if (!asked) return bad(req, "Send {\"method\": \"POST\", \"path\": \"/…\", \"body\": …}.");
  const auto* service = service_for(services, *asked);
  if (!service) {
    return http::error_response(req, http::Status::not_found, "service_unknown",
                                "No paid service is served at that method and path.");
  }
  if (auto no = refused(*service, asked->exchange)) return to_response(req, *no);
  const auto msat = service->pricing
                        ? request_price(*service->pricing, asked->exchange, service->megapixels)
                        : service->price_sats * 1000;
  json::object out{{"service", service->name},
                   {"price_sats", msat / 1000},
                   {"price_msat", msat},
                   {"method", std::string(asked->exchange.request.method_string())},
                   {"path", std::string(asked->exchange.request.target())}};
  return http::make_response(req, http::Status::ok, "application/json", json::serialize(out));
}

}  // namespace

http::Handler quote_handler(std::vector<Service> services) {
  auto shared = std::make_shared<const std::vector<Service>>(std::move(services));
  return [shared](http::Exchange& ex) -> boost::asio::awaitable<http::Response> {
    co_return quote(*shared, ex.request);
  };
}

}  // namespace l402d::api
