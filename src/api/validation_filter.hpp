#pragma once

// Runs a request parser before anything else on a paid route: bad input gets
// its 4xx here, before any invoice exists, and the parsed value rides along to
// the handler in Exchange::attachment. The parsed JSON itself is left in
// Exchange::json_body, so that the L402 gate hashes the request without
// parsing the body a second time.

#include <boost/json/value.hpp>
#include <functional>
#include <memory>

#include "api/api_error.hpp"
#include "api/json_body.hpp"
#include "http/handler.hpp"
#include "util/expected.hpp"

namespace l402d::api {

template <class Parsed>
class ValidationFilter : public http::Filter {
 public:
  using Parser = std::function<Expected<Parsed, ApiError>(const boost::json::object&)>;
  explicit ValidationFilter(Parser parser) : parser_(std::move(parser)) {}

  boost::asio::awaitable<http::Response> handle(http::Exchange& ex,
                                                const http::Handler& next) override {
    auto body = parse_json_object(ex.request);
    if (!body) co_return to_response(ex.request, body.error());
    auto parsed = parser_(*body);
    if (!parsed) co_return to_response(ex.request, parsed.error());
    ex.attachment = std::move(*parsed);
    ex.json_body = std::make_shared<const boost::json::value>(std::move(*body));
    co_return co_await next(ex);
  }

 private:
  Parser parser_;
};

}  // namespace l402d::api
