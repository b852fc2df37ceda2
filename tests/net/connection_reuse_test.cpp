// Keep-alive: calls through one client share connections instead of opening
// one each. The server counts the TCP connections it accepts.

#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "net/http_client.hpp"
#include "net/local_server.hpp"

namespace l402d::net {
namespace {

using testing::LocalServer;

LocalServer::Response ok(const LocalServer::Request& req) {
  return LocalServer::reply(req, 200, "ok");
}

HttpRequest get(const std::string& url) {
  HttpRequest req;
  req.url = url;
  return req;
}

TEST(HttpClientPool, SequentialCallsShareOneConnection) {
  LocalServer server(ok);
  HttpClient client;
  for (int i = 0; i < 5; ++i) {
    auto res = client.perform(get(server.url("/n" + std::to_string(i))));
    EXPECT_EQ(res.status, 200);
    EXPECT_EQ(res.body, "ok");
  }
  EXPECT_EQ(server.targets().size(), 5U);
  EXPECT_EQ(server.accepted_connections(), 1U);
}

TEST(HttpClientPool, FreeFunctionsShareOneConnection) {
  LocalServer server(ok);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(perform(get(server.url())).status, 200);
  EXPECT_EQ(perform_with_retries(get(server.url()), {}).status, 200);
  EXPECT_EQ(server.accepted_connections(), 1U);
}

TEST(HttpClientPool, RetriesReuseTheConnection) {
  int calls = 0;
  LocalServer server([&](const LocalServer::Request& req) {
    return LocalServer::reply(req, ++calls < 3 ? 503 : 200, "x");
  });
  HttpClient client;
  auto res = client.perform_with_retries(
      get(server.url()), {3, std::chrono::milliseconds(1), std::chrono::milliseconds(1)},
      [](auto) {});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(server.accepted_connections(), 1U);
}

// A pooled handle must carry nothing of its previous call: no method, body,
// header or HEAD's "no body" into the next one.
TEST(HttpClientPool, AReusedHandleForgetsThePreviousRequest) {
  std::mutex mutex;
  std::vector<LocalServer::Request> seen;
  LocalServer server([&](const LocalServer::Request& req) {
    std::lock_guard lock(mutex);
    seen.push_back(req);
    return LocalServer::reply(req, 200, "body");
  });
  HttpClient client;
  HttpRequest post = get(server.url("/post"));
  post.method = "POST";
  post.body = "payload";
  post.headers = {{"X-First", "1"}};
  EXPECT_EQ(client.perform(post).status, 200);
  HttpRequest head = get(server.url("/head"));
  head.method = "HEAD";
  EXPECT_EQ(client.perform(head).body, "");
  auto res = client.perform(get(server.url("/get")));
  EXPECT_EQ(res.body, "body");

  std::lock_guard lock(mutex);
  ASSERT_EQ(seen.size(), 3U);
  EXPECT_EQ(seen[2].method_string(), "GET");
  EXPECT_EQ(seen[2].body(), "");
  EXPECT_EQ(seen[2].count("X-First"), 0U);
  EXPECT_EQ(server.accepted_connections(), 1U);
}

TEST(HttpClientPool, ConcurrentCallsOpenAtMostOneConnectionEach) {
  LocalServer server(ok);
  HttpClient client;
  constexpr int kThreads = 4;
  constexpr int kCalls = 10;
  std::atomic<int> ok_count{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kCalls; ++i) {
        if (client.perform(get(server.url())).status == 200) ++ok_count;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(ok_count, kThreads * kCalls);
  EXPECT_GE(server.accepted_connections(), 1U);
  EXPECT_LE(server.accepted_connections(), static_cast<std::size_t>(kThreads));
  EXPECT_LE(client.idle_handles(), static_cast<std::size_t>(kThreads));
}

TEST(HttpClientPool, IdleHandlesAreCapped) {
  LocalServer server(ok);
  HttpClientOptions options;
  options.max_idle_handles = 0;
  HttpClient client(options);
  EXPECT_EQ(client.perform(get(server.url())).status, 200);
  EXPECT_EQ(client.perform(get(server.url())).status, 200);
  EXPECT_EQ(client.idle_handles(), 0U);
  // Nothing kept, so nothing reused: this is what every call cost before.
  EXPECT_EQ(server.accepted_connections(), 2U);
}

}  // namespace
}  // namespace l402d::net
