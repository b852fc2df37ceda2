#include "net/http_client.hpp"

#include <gtest/gtest.h>

#include <atomic>

#include "support/fake_upstream.hpp"

namespace l402d::net {
namespace {

using testing::FakeUpstream;

TEST(HttpClient, PostsAndReadsStatusHeadersBody) {
  FakeUpstream up;
  up.on(http::Verb::post, "/v1/echo", [](const http::Request& req) {
    auto r = FakeUpstream::json(req, http::Status::created, req.body());
    r.set(http::Field::location, "/v1/echo/1");
    return r;
  });
  up.start();
  HttpRequest req;
  req.method = "POST";
  req.url = up.url("/v1/echo");
  req.headers = {{"Authorization", "Bearer k"}, {"Content-Type", "application/json"}};
  req.body = R"({"a":1})";
  auto res = perform(req);
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(res.body, R"({"a":1})");
  EXPECT_EQ(res.header("location"), "/v1/echo/1");
  auto seen = up.requests();
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0][http::Field::authorization], "Bearer k");
}

TEST(HttpClient, TimeoutIsAnError) {
  FakeUpstream up;
  up.on(http::Verb::get, "/slow",
        [](const http::Request& req) { return FakeUpstream::json(req, http::Status::ok, "{}"); });
  up.set_delay(std::chrono::milliseconds(1500));
  up.start();
  HttpRequest req;
  req.url = up.url("/slow");
  req.timeout = std::chrono::milliseconds(200);
  try {
    perform(req);
    FAIL() << "expected a timeout";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.kind(), HttpError::Kind::timeout);
  }
}

TEST(HttpClient, ConnectionRefusedIsConnectError) {
  HttpRequest req;
  req.url = "http://127.0.0.1:1/";
  try {
    perform(req);
    FAIL() << "expected a connect error";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.kind(), HttpError::Kind::connect);
  }
}

TEST(HttpClient, OversizedResponseIsRefused) {
  FakeUpstream up;
  up.on(http::Verb::get, "/big", [](const http::Request& req) {
    return FakeUpstream::json(req, http::Status::ok, std::string(100000, 'x'));
  });
  up.start();
  HttpRequest req;
  req.url = up.url("/big");
  req.max_response_bytes = 1000;
  try {
    perform(req);
    FAIL() << "expected too_large";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.kind(), HttpError::Kind::too_large);
  }
}

TEST(HttpClient, RetriesOn503ThenSucceedsHonouringRetryAfter) {
  FakeUpstream up;
  std::atomic<int> calls{0};
  up.on(http::Verb::get, "/flaky", [&](const http::Request& req) {
    if (++calls < 3) {
      auto r = FakeUpstream::json(req, http::Status::service_unavailable, "{}");
      r.set(http::Field::retry_after, "2");
      return r;
    }
    return FakeUpstream::json(req, http::Status::ok, "ok");
  });
  up.start();
  HttpRequest req;
  req.url = up.url("/flaky");
  std::vector<std::chrono::milliseconds> sleeps;
  RetryPolicy policy{4, std::chrono::milliseconds(100), std::chrono::milliseconds(10'000)};
  auto res = perform_with_retries(req, policy, [&](auto d) { sleeps.push_back(d); });
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(calls, 3);
  ASSERT_EQ(sleeps.size(), 2U);
  for (auto d : sleeps) {
    EXPECT_GE(d, std::chrono::milliseconds(1000));  // half of Retry-After at least (jitter)
    EXPECT_LE(d, std::chrono::milliseconds(2000));
  }
}

TEST(HttpClient, GivesUpAfterMaxAttemptsWithTheLastResponse) {
  FakeUpstream up;
  std::atomic<int> calls{0};
  up.on(http::Verb::get, "/busy", [&](const http::Request& req) {
    ++calls;
    return FakeUpstream::json(req, http::Status::too_many_requests, "{}");
  });
  up.start();
  HttpRequest req;
  req.url = up.url("/busy");
  auto res = perform_with_retries(
      req, {3, std::chrono::milliseconds(1), std::chrono::milliseconds(2)}, [](auto) {});
  EXPECT_EQ(res.status, 429);
  EXPECT_EQ(calls, 3);
}

TEST(HttpClient, DoesNotRetryClientErrors) {
  FakeUpstream up;
  std::atomic<int> calls{0};
  up.on(http::Verb::get, "/bad", [&](const http::Request& req) {
    ++calls;
    return FakeUpstream::json(req, http::Status::unauthorized, "{}");
  });
  up.start();
  HttpRequest req;
  req.url = up.url("/bad");
  auto res = perform_with_retries(req, {}, [](auto) {});
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace l402d::net
