#include "http/router.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>

#include "http/handler.hpp"

namespace l402d::http {
namespace {

Response run(const Router& router, Verb verb, std::string target, std::string host = {}) {
  boost::asio::io_context ioc;
  Exchange ex;
  ex.request = Request{verb, target, 11};
  if (!host.empty()) ex.request.set(Field::host, host);
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

Request request(Verb verb, std::string target, std::string host = {}) {
  Request req{verb, target, 11};
  if (!host.empty()) req.set(Field::host, host);
  return req;
}

TEST(Router, PrefixRoutesMatchThePrefixAndEverythingBelow) {
  Router router;
  router.add_prefix(Verb::get, "/proxy/", text("proxy"));
  router.add_prefix(Verb::get, "/files", text("files"));
  EXPECT_EQ(body_of(run(router, Verb::get, "/proxy/")), "proxy:");
  EXPECT_EQ(body_of(run(router, Verb::get, "/proxy/a/b?q=1")), "proxy:b");
  EXPECT_EQ(run(router, Verb::get, "/proxy").status(), Status::not_found);
  EXPECT_EQ(body_of(run(router, Verb::get, "/files")), "files:files");
  EXPECT_EQ(body_of(run(router, Verb::get, "/files/x")), "files:x");
  // A prefix is whole segments: "/files" is not the start of "/filesystem".
  EXPECT_EQ(run(router, Verb::get, "/filesystem").status(), Status::not_found);
}

TEST(Router, ExactBeatsParamBeatsPrefixAndTheLongestPrefixWins) {
  Router router;
  router.add_prefix(Verb::get, "/", text("root"));
  router.add_prefix(Verb::get, "/api/", text("api"));
  router.add_prefix(Verb::get, "/api/v1/", text("v1"));
  router.add(Verb::get, "/api/v1/{id}", text("param"));
  router.add(Verb::get, "/api/v1/status", text("exact"));
  EXPECT_EQ(body_of(run(router, Verb::get, "/api/v1/status")), "exact:status");
  EXPECT_EQ(body_of(run(router, Verb::get, "/api/v1/42")), "param:42");
  EXPECT_EQ(body_of(run(router, Verb::get, "/api/v1/42/more")), "v1:more");
  EXPECT_EQ(body_of(run(router, Verb::get, "/api/other")), "api:other");
  EXPECT_EQ(body_of(run(router, Verb::get, "/elsewhere")), "root:elsewhere");
}

// Order of registration does not decide between routes of different rank.
TEST(Router, PrecedenceDoesNotDependOnTheOrderRoutesWereAdded) {
  Router router;
  router.add(Verb::get, "/api/v1/status", text("exact"));
  router.add_prefix(Verb::get, "/api/v1/", text("v1"));
  router.add_prefix(Verb::get, "/", text("root"));
  EXPECT_EQ(body_of(run(router, Verb::get, "/api/v1/status")), "exact:status");
  EXPECT_EQ(body_of(run(router, Verb::get, "/api/v1/x")), "v1:x");
}

TEST(Router, HostRoutesMatchCaseInsensitivelyWithoutThePort) {
  Router router;
  router.add(Verb::get, "/", text("a"), "A.example.com");
  EXPECT_EQ(body_of(run(router, Verb::get, "/", "a.example.com")), "a:");
  EXPECT_EQ(body_of(run(router, Verb::get, "/", "A.EXAMPLE.COM:8402")), "a:");
  EXPECT_EQ(run(router, Verb::get, "/", "b.example.com").status(), Status::not_found);
  EXPECT_EQ(run(router, Verb::get, "/").status(), Status::not_found);
}

TEST(Router, HostRoutesBeatRoutesForAnyHost) {
  Router router;
  router.add(Verb::get, "/status", text("any"));
  router.add_prefix(Verb::get, "/", text("vhost"), "api.example.com:443");
  router.add(Verb::get, "/v6", text("v6"), "[::1]");
  // The host's route wins even though the other's path is exact.
  EXPECT_EQ(body_of(run(router, Verb::get, "/status", "api.example.com")), "vhost:status");
  EXPECT_EQ(body_of(run(router, Verb::get, "/status", "other.example.com")), "any:status");
  EXPECT_EQ(body_of(run(router, Verb::get, "/v6", "[::1]:8402")), "v6:v6");
}

// A route for another method still counts when the best path match does not
// take this one: the request falls to the next route that does.
TEST(Router, RoutesThatDoNotAcceptTheMethodAreSkipped) {
  Router router;
  router.add(Verb::post, "/api/jobs", text("post"));
  router.add_prefix(Verb::get, "/api/", text("prefix"));
  EXPECT_EQ(body_of(run(router, Verb::get, "/api/jobs")), "prefix:jobs");
  EXPECT_EQ(body_of(run(router, Verb::post, "/api/jobs")), "post:jobs");
}

TEST(Router, PrefixRoutesServeHeadViaGetAndAnswer405WithAllow) {
  Router router;
  router.add_prefix(Verb::get, "/proxy/", text("get"));
  router.add_prefix(Verb::put, "/proxy/", text("put"));
  router.add_prefix(Verb::get, "/proxy/deep/", text("deep"));
  EXPECT_EQ(run(router, Verb::head, "/proxy/x").status(), Status::ok);
  auto r = run(router, Verb::delete_, "/proxy/deep/x");
  EXPECT_EQ(r.status(), Status::method_not_allowed);
  // Every method some matching route takes, each once.
  EXPECT_EQ(r.header(Field::allow), "GET, PUT");
  auto v = boost::json::parse(body_of(r));
  EXPECT_EQ(v.at("error").at("code").as_string(), "method_not_allowed");
}

TEST(Router, HostRoutesOfOtherHostsDoNotCountFor405) {
  Router router;
  router.add(Verb::post, "/upload", text("upload"), "files.example.com");
  router.add(Verb::get, "/upload", text("info"));
  auto r = run(router, Verb::delete_, "/upload", "files.example.com");
  EXPECT_EQ(r.header(Field::allow), "POST, GET");
  auto other = run(router, Verb::delete_, "/upload", "www.example.com");
  EXPECT_EQ(other.header(Field::allow), "GET");
}

TEST(Router, LabelsOfPrefixAndHostRoutesAreTheirPatterns) {
  Router router;
  router.add_prefix(Verb::get, "/proxy/", text("p"));
  router.add(Verb::get, "/media/{id}", text("m"), "Media.Example.com:8080");
  EXPECT_EQ(router.pattern_for(request(Verb::get, "/proxy/user/42/secret")), "/proxy/");
  EXPECT_EQ(router.pattern_for(request(Verb::head, "/proxy/x")), "/proxy/");
  EXPECT_EQ(router.pattern_for(request(Verb::get, "/media/abc", "media.example.com")),
            "media.example.com/media/{id}");
  EXPECT_EQ(router.pattern_for(request(Verb::get, "/media/abc", "other")), "(unmatched)");
  EXPECT_EQ(router.pattern_for(request(Verb::post, "/proxy/x")), "(method not allowed)");
  const std::vector<std::string> expected{"/proxy/", "media.example.com/media/{id}",
                                          "(method not allowed)", "(unmatched)"};
  EXPECT_EQ(router.patterns(), expected);
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
