#include "http/cors.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "http/json_error.hpp"

namespace l402d::http {
namespace {

Response run(const Handler& handler, Verb verb) {
  boost::asio::io_context ioc;
  Exchange ex;
  ex.request = Request{verb, "/x", 11};
  auto fut = boost::asio::co_spawn(ioc, handler(ex), boost::asio::use_future);
  ioc.run();
  return fut.get();
}

TEST(Cors, EveryAnswerOfTheChainIsDecoratedErrorsToo) {
  auto failing = [](Exchange& ex) -> boost::asio::awaitable<Response> {
    co_return error_response(ex.request, Status::bad_request, "bad", "no");
  };
  auto handler = chain({std::make_shared<CorsFilter>(CorsPolicy{})}, failing);
  auto res = run(handler, Verb::post);
  EXPECT_EQ(res.status(), Status::bad_request);
  EXPECT_EQ(res.header(Field::access_control_allow_origin), "*");
  EXPECT_NE(res.header(Field::access_control_expose_headers).find("WWW-Authenticate"),
            std::string_view::npos);
  // Browsers read these from preflights only, so ordinary answers do without.
  EXPECT_TRUE(res.header(Field::access_control_allow_methods).empty());
}

TEST(Cors, PreflightsNameTheMethodsAndHeaders) {
  CorsPolicy policy;
  policy.allow_origin = "https://shop.example";
  auto res = run(preflight_handler(policy), Verb::options);
  EXPECT_EQ(res.status(), Status::no_content);
  EXPECT_EQ(res.header(Field::access_control_allow_origin), "https://shop.example");
  EXPECT_NE(res.header(Field::access_control_allow_headers).find("Authorization"),
            std::string_view::npos);
  EXPECT_NE(res.header(Field::access_control_allow_methods).find("POST"), std::string_view::npos);
  EXPECT_EQ(res.header(Field::access_control_max_age), "86400");
}

}  // namespace
}  // namespace l402d::http
