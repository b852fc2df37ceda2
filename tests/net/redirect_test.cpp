// Redirects: returned as responses unless asked for, and never followed with
// credentials. The server records which paths were requested.

#include <gtest/gtest.h>

#include "net/credentials.hpp"
#include "net/http_client.hpp"
#include "net/local_server.hpp"

namespace l402d::net {
namespace {

using testing::LocalServer;

LocalServer::Response redirect_or_target(const LocalServer::Request& req) {
  if (req.target() == "/start") {
    auto res = LocalServer::reply(req, 302, "");
    res.set(boost::beast::http::field::location, "/target");
    return res;
  }
  return LocalServer::reply(req, 200, "target");
}

class HttpClientRedirect : public ::testing::Test {
 protected:
  LocalServer server{redirect_or_target};
  HttpClient client;

  HttpRequest start(bool follow) const {
    HttpRequest req;
    req.url = server.url("/start");
    req.follow_redirects = follow;
    return req;
  }
  void expect_not_followed(const HttpRequest& req) {
    auto res = client.perform(req);
    EXPECT_EQ(res.status, 302);
    EXPECT_EQ(res.header("location"), "/target");
    EXPECT_EQ(server.targets(), std::vector<std::string>{"/start"});
  }
};

TEST_F(HttpClientRedirect, NotFollowedByDefault) {
  expect_not_followed(start(false));
}

TEST_F(HttpClientRedirect, FollowedWhenAskedAndNoCredentials) {
  auto res = client.perform(start(true));
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "target");
  EXPECT_EQ(server.targets(), (std::vector<std::string>{"/start", "/target"}));
}

TEST_F(HttpClientRedirect, AuthorizationStopsARedirectEvenWhenAsked) {
  auto req = start(true);
  req.headers = {{"Authorization", "Bearer secret"}};
  expect_not_followed(req);
}

TEST_F(HttpClientRedirect, BackendCredentialHeadersStopARedirect) {
  auto req = start(true);
  req.headers = {{"Grpc-Metadata-macaroon", "0201"}};
  expect_not_followed(req);
}

TEST_F(HttpClientRedirect, AHeaderMarkedSecretStopsARedirect) {
  auto req = start(true);
  req.headers = {{"X-Session", "s"}};
  req.secret_headers = {"x-session"};
  expect_not_followed(req);
}

TEST(Credentials, WellKnownHeadersInAnyCase) {
  for (const char* name :
       {"authorization", "PROXY-AUTHORIZATION", "Cookie", "grpc-metadata-macaroon", "X-Api-Key",
        "PAYMENT-SIGNATURE", "X-Payment", "Macaroon"}) {
    HttpRequest req;
    req.url = "http://127.0.0.1/";
    req.headers = {{name, "v"}};
    EXPECT_TRUE(carries_credentials(req)) << name;
  }
}

TEST(Credentials, PlainHeadersAndUrlsCarryNone) {
  HttpRequest req;
  req.url = "http://127.0.0.1/path?q=1";
  req.headers = {{"Content-Type", "application/json"}, {"Accept", "*/*"}};
  EXPECT_FALSE(carries_credentials(req));
}

TEST(Credentials, UserinfoInTheUrlCounts) {
  HttpRequest req;
  req.url = "http://user:pass@127.0.0.1/";
  EXPECT_TRUE(carries_credentials(req));
}

}  // namespace
}  // namespace l402d::net
