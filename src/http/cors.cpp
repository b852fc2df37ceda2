#include "http/cors.hpp"

namespace l402d::http {

void CorsPolicy::apply(Response& response) const {
  response.set(Field::access_control_allow_origin, allow_origin);
  response.set(Field::access_control_expose_headers, expose_headers);
}

void CorsPolicy::apply_preflight(Response& response) const {
  apply(response);
  response.set(Field::access_control_allow_headers, allow_headers);
  response.set(Field::access_control_allow_methods, allow_methods);
  response.set(Field::access_control_max_age, max_age);
}

boost::asio::awaitable<Response> CorsFilter::handle(Exchange& exchange, const Handler& next) {
  Response response = co_await next(exchange);
  policy_.apply(response);
  co_return response;
}

Handler preflight_handler(CorsPolicy policy) {
  return [policy = std::move(policy)](Exchange& ex) -> boost::asio::awaitable<Response> {
    Response response(StringResponse{Status::no_content, ex.request.version()});
    policy.apply_preflight(response);
    co_return response;
  };
}

}  // namespace l402d::http
