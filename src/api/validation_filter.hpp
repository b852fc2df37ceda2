#pragma once

// Runs a request parser before anything else on a paid route: bad input gets
// its 4xx here, before any invoice exists, and the parsed value rides along to
// the handler in Exchange::attachment.

#include <functional>

#include "api/api_error.hpp"
#include "http/handler.hpp"
#include "util/expected.hpp"

namespace l402d::api {

template <class Parsed>
class ValidationFilter : public http::Filter {
 public:
  using Parser = std::function<Expected<Parsed, ApiError>(const http::Request&)>;
  explicit ValidationFilter(Parser parser) : parser_(std::move(parser)) {}

  boost::asio::awaitable<http::Response> handle(http::Exchange& ex,
                                                const http::Handler& next) override {
    auto parsed = parser_(ex.request);
    if (!parsed) co_return to_response(ex.request, parsed.error());
    ex.attachment = std::move(*parsed);
    co_return co_await next(ex);
  }

 private:
  Parser parser_;
};

}  // namespace l402d::api
