#include "http/router.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include "http/handler.hpp"

namespace l402d::http {
namespace {

Response run(const Router& router, Verb verb, std::string target) {
  boost::asio::io_context ioc;
  Exchange ex;
  ex.request = Request{verb, target, 11};
  auto fut = boost::asio::co_spawn(ioc, router.route(ex), boost::asio::use_future);
  ioc.run();
  return fut.get();
}

Handler text(std::string body) {
  return [body](Exchange& ex) -> boost::asio::awaitable<Response> {
    co_return make_response(ex.request, Status::ok, "text/plain",
                            body + ":" + std::string(Router::path_param(ex)));
  };
}

std::string body_of(const Response& r) {
  return std::get<StringResponse>(r.message).body();
}

TEST(Router, ExactAndParamRoutes) {
  Router router;
  router.add(Verb::post, "/api/l402/music", text("music"));
  router.add(Verb::get, "/media/{id}", text("media"));
  EXPECT_EQ(body_of(run(router, Verb::post, "/api/l402/music")), "music:music");
  EXPECT_EQ(body_of(run(router, Verb::get, "/media/abc?x=1")), "media:abc");
  EXPECT_EQ(run(router, Verb::get, "/media/abc/def").status(), Status::not_found);
  EXPECT_EQ(run(router, Verb::get, "/media/").status(), Status::not_found);
}

TEST(Router, HeadIsServedByGet) {
  Router router;
  router.add(Verb::get, "/healthz", text("ok"));
  EXPECT_EQ(run(router, Verb::head, "/healthz").status(), Status::ok);
}

TEST(Router, UnknownPathIsJson404) {
  Router router;
  auto r = run(router, Verb::get, "/nope");
  EXPECT_EQ(r.status(), Status::not_found);
  auto v = boost::json::parse(body_of(r));
  EXPECT_EQ(v.at("error").at("code").as_string(), "not_found");
  EXPECT_EQ(r.header(Field::content_type), "application/json");
}

TEST(Router, WrongMethodIs405WithAllow) {
  Router router;
  router.add(Verb::post, "/api/l402/music", text("music"));
  auto r = run(router, Verb::get, "/api/l402/music");
  EXPECT_EQ(r.status(), Status::method_not_allowed);
  EXPECT_EQ(r.header(Field::allow), "POST");
  auto v = boost::json::parse(body_of(r));
  EXPECT_EQ(v.at("error").at("code").as_string(), "method_not_allowed");
  EXPECT_NE(std::string(v.at("error").at("message").as_string()).find("accept GET;"),
            std::string::npos);
}

// A method Beast has no name for is named as the client sent it.
TEST(Router, UnknownMethodsAreNamedInThe405) {
  Router router;
  router.add(Verb::get, "/healthz", text("ok"));
  boost::asio::io_context ioc;
  Exchange ex;
  ex.request.method_string("BREW");
  ex.request.target("/healthz");
  ex.request.version(11);
  auto fut = boost::asio::co_spawn(ioc, router.route(ex), boost::asio::use_future);
  ioc.run();
  auto r = fut.get();
  EXPECT_EQ(r.status(), Status::method_not_allowed);
  auto v = boost::json::parse(body_of(r));
  EXPECT_NE(std::string(v.at("error").at("message").as_string()).find("accept BREW;"),
            std::string::npos)
      << v;
}

TEST(Router, PatternForMetricsNeverTheRawPath) {
  Router router;
  router.add(Verb::get, "/media/{id}", text("m"));
  Request req{Verb::get, "/media/secretish", 11};
  EXPECT_EQ(router.pattern_for(req), "/media/{id}");
  Request other{Verb::get, "/x", 11};
  EXPECT_EQ(router.pattern_for(other), "(unmatched)");
}

class Tagger : public Filter {
 public:
  explicit Tagger(std::string tag) : tag_(std::move(tag)) {}
  boost::asio::awaitable<Response> handle(Exchange& ex, const Handler& next) override {
    ex.log_note += tag_ + ">";
    auto r = co_await next(ex);
    std::get<StringResponse>(r.message).body() += "<" + tag_;
    co_return r;
  }

 private:
  std::string tag_;
};

class ShortCircuit : public Filter {
 public:
  boost::asio::awaitable<Response> handle(Exchange& ex, const Handler&) override {
    co_return make_response(ex.request, Status::payment_required, "text/plain", "pay");
  }
};

TEST(Filters, RunOutermostFirstAndSeeTheResponse) {
  Router router;
  router.add(Verb::get, "/x",
             chain({std::make_shared<Tagger>("a"), std::make_shared<Tagger>("b")},
                   [](Exchange& ex) -> boost::asio::awaitable<Response> {
                     co_return make_response(ex.request, Status::ok, "text/plain", ex.log_note);
                   }));
  EXPECT_EQ(body_of(run(router, Verb::get, "/x")), "a>b><b<a");
}

TEST(Filters, MayAnswerWithoutCallingTheHandler) {
  Router router;
  bool called = false;
  router.add(Verb::get, "/x",
             chain({std::make_shared<ShortCircuit>()},
                   [&](Exchange& ex) -> boost::asio::awaitable<Response> {
                     called = true;
                     co_return make_response(ex.request, Status::ok, "text/plain", "");
                   }));
  EXPECT_EQ(run(router, Verb::get, "/x").status(), Status::payment_required);
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace l402d::http
