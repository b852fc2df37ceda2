#pragma once

// Runs a request parser before anything else on a paid route: bad input gets
// its 4xx here, before any invoice exists, and the parsed value rides along to
// the handler in Exchange::attachment. The parsed JSON itself is left in
// Exchange::json_body, so that the L402 gate hashes the request without
// parsing the body a second time.
//
// A parser may do real work (the vision parser decodes the image, so that
// nobody pays for a file the engine cannot read). That work must not hold an
// I/O thread, so with an Offload pool a large body, or one the `costly` test
// flags, is parsed on the pool instead; when the pool is full the request gets
// 503 server_busy and, as with saturated engines, no invoice.

#include <boost/json/value.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

#include "api/api_error.hpp"
#include "api/json_body.hpp"
#include "http/handler.hpp"
#include "http/worker_pool.hpp"
#include "util/expected.hpp"

namespace l402d::api {

struct Offload {
  // Shared so that a route can own its pool; null: everything parses inline.
  std::shared_ptr<http::WorkerPool> pool;
  // Bodies of this size and more are parsed (JSON included) on the pool.
  std::size_t inline_body_bytes = 256 * 1024;
  // Optional, for smaller bodies: a cheap look at the JSON that says the
  // parser would still be slow (a small file that decodes to many pixels).
  std::function<bool(const boost::json::object&)> costly;
};

template <class Parsed>
class ValidationFilter : public http::Filter {
 public:
  using Parser = std::function<Expected<Parsed, ApiError>(const boost::json::object&)>;
  explicit ValidationFilter(Parser parser, Offload offload = {})
      : parser_(std::move(parser)), offload_(std::move(offload)) {}

  boost::asio::awaitable<http::Response> handle(http::Exchange& ex,
                                                const http::Handler& next) override {
    std::optional<Expected<boost::json::object, ApiError>> body;
    std::optional<Expected<Parsed, ApiError>> parsed;
    auto parse = [&] {
      if (!body) body.emplace(parse_json_object(ex.request));
      if (*body) parsed.emplace(parser_(**body));
    };
    http::WorkerPool* pool = offload_.pool.get();
    if (pool && ex.request.body().size() >= offload_.inline_body_bytes) {
      if (!pool->has_capacity()) co_return busy(ex.request);
      co_await pool->run(parse);
    } else {
      body.emplace(parse_json_object(ex.request));
      if (*body && pool && offload_.costly && offload_.costly(**body)) {
        if (!pool->has_capacity()) co_return busy(ex.request);
        co_await pool->run(parse);
      } else {
        parse();
      }
    }
    if (!*body) co_return to_response(ex.request, body->error());
    if (!*parsed) co_return to_response(ex.request, parsed->error());
    ex.attachment = std::move(**parsed);
    ex.json_body = std::make_shared<const boost::json::value>(std::move(**body));
    co_return co_await next(ex);
  }

 private:
  static http::Response busy(const http::Request& request) {
    auto res = to_response(request, ApiError{http::Status::service_unavailable, "server_busy", "",
                                             "Too many requests are being checked; no invoice "
                                             "was issued. Retry in a few seconds."});
    res.set(http::Field::retry_after, "5");
    return res;
  }

  Parser parser_;
  Offload offload_;
};

}  // namespace l402d::api
