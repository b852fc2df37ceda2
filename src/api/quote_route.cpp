#include "api/quote_route.hpp"

#include <boost/json.hpp>
#include <memory>

#include "api/json_body.hpp"
#include "api/service_routes.hpp"
#include "http/json_error.hpp"
#include "http/router.hpp"

namespace l402d::api {

namespace json = boost::json;

namespace {

// The request {"method", "path", "body", "host"} describes, answered as the
// buyer's own request would be (its HTTP version and keep-alive).
std::optional<http::Exchange> asked_of(const json::object& q, const http::Request& real) {
  const auto* path = q.if_contains("path");
  if (!path || !path->is_string() || !path->get_string().starts_with("/")) return std::nullopt;
  http::Exchange asked;
  auto& req = asked.request;
  const auto* method = q.if_contains("method");
  const std::string verb =
      method && method->is_string() ? std::string(method->get_string()) : "POST";
  req.method(http::beast_http::string_to_verb(verb));
  if (req.method() == http::Verb::unknown) return std::nullopt;
  req.target(std::string(path->get_string()));
  req.version(real.version());
  req.keep_alive(real.keep_alive());
  if (const auto* body = q.if_contains("body")) {
    req.body() = body->is_string() ? std::string(body->get_string()) : json::serialize(*body);
    req.set(http::Field::content_type, "application/json");
  }
  if (const auto* host = q.if_contains("host"); host && host->is_string())
    req.set(http::Field::host, std::string(host->get_string()));
  req.prepare_payload();
  return asked;
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

http::Response price_of(const Service& s, const LiveService* live, http::Exchange& asked) {
  if (auto no = refused(s, asked)) return to_response(asked.request, *no);
  const auto set = live ? live->price_sats() : std::nullopt;
  const auto msat = set         ? *set * 1000
                    : s.pricing ? request_price(*s.pricing, asked, s.megapixels)
                                : s.price_sats * 1000;
  json::object out{{"service", s.name},
                   {"price_sats", msat / 1000},
                   {"price_msat", msat},
                   {"method", std::string(asked.request.method_string())},
                   {"path", std::string(asked.request.target())}};
  return http::make_response(asked.request, http::Status::ok, "application/json",
                             json::serialize(out));
}

// A router with the services' own routes, so a quote finds the service the
// paid request would reach by the same rules.
std::shared_ptr<const http::Router> price_routes(std::vector<Service> services,
                                                 const ServiceOverrides* overrides) {
  auto router = std::make_shared<http::Router>();
  for (auto& service : services) {
    auto s = std::make_shared<const Service>(std::move(service));
    auto live = overrides ? overrides->find(s->name) : nullptr;
    add_service_route(*router, *s,
                      [s, live](http::Exchange& asked) -> boost::asio::awaitable<http::Response> {
                        co_return price_of(*s, live.get(), asked);
                      });
  }
  return router;
}

}  // namespace

http::Handler quote_handler(std::vector<Service> services, const ServiceOverrides* overrides) {
  auto router = price_routes(std::move(services), overrides);
  return [router](http::Exchange& ex) -> boost::asio::awaitable<http::Response> {
    auto parsed = parse_json_object(ex.request);
    if (!parsed) co_return to_response(ex.request, parsed.error());
    auto asked = asked_of(*parsed, ex.request);
    if (!asked) {
      co_return http::error_response(ex.request, http::Status::bad_request, "invalid_field",
                                     "Send {\"method\": \"POST\", \"path\": \"/…\", \"body\": …}.");
    }
    auto res = co_await router->route(*asked);
    if (res.status() == http::Status::not_found ||
        res.status() == http::Status::method_not_allowed) {
      co_return http::error_response(ex.request, http::Status::not_found, "service_unknown",
                                     "No paid service is served at that method and path.");
    }
    co_return res;
  };
}

}  // namespace l402d::api
