// The event-loop client against a local server: exchanges, keep-alive per
// io_context, TLS trust (pinned, wrong pin), timeouts, streamed bodies, and
// many calls in flight on one thread.

#include "net/async_http_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include "net/local_server.hpp"

namespace l402d::net {
namespace {

namespace asio = boost::asio;
using testing::LocalServer;
using testing::TempDir;
using testing::TestCert;

// Runs `make()`'s coroutine to its end on a fresh io_context.
template <class Make>
auto run(asio::io_context& io, Make make) {
  auto future = asio::co_spawn(io, make(), asio::use_future);
  io.restart();
  io.run();
  return future.get();
}

LocalServer echo_server() {
  return LocalServer([](const LocalServer::Request& req) {
    auto res = LocalServer::reply(
        req, 201,
        std::string(req.method_string()) + " " + std::string(req.target()) + " " + req.body());
    res.set("X-Seen-Key", std::string(req["X-Api-Key"]));
    return res;
  });
}

TEST(AsyncHttpClient, PostsAndReadsTheAnswer) {
  auto server = echo_server();
  AsyncHttpClient client;
  asio::io_context io;
  HttpRequest req;
  req.method = "POST";
  req.url = server.url("/v1/invoices?x=1");
  req.headers = {{"X-Api-Key", "k"}, {"Content-Type", "application/json"}};
  req.body = R"({"value":"1000"})";
  auto res = run(io, [&] { return client.perform(req); });
  EXPECT_EQ(res.status, 201);
  EXPECT_EQ(res.body, R"(POST /v1/invoices?x=1 {"value":"1000"})");
  EXPECT_EQ(res.header("x-seen-key"), "k");
}

TEST(AsyncHttpClient, KeepsTheConnectionAliveOnOneLoop) {
  auto server = echo_server();
  AsyncHttpClient client;
  asio::io_context io;
  HttpRequest req;
  req.url = server.url("/a");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(run(io, [&] { return client.perform(req); }).status, 201);
  EXPECT_EQ(server.accepted_connections(), 1u);
}

TEST(AsyncHttpClient, AnotherLoopOpensItsOwnConnection) {
  auto server = echo_server();
  AsyncHttpClient client;
  asio::io_context first;
  asio::io_context second;
  HttpRequest req;
  req.url = server.url("/a");
  run(first, [&] { return client.perform(req); });
  run(second, [&] { return client.perform(req); });
  run(first, [&] { return client.perform(req); });
  EXPECT_EQ(server.accepted_connections(), 2u);
}

TEST(AsyncHttpClient, ManyCallsInFlightOnOneThread) {
  LocalServer server([](const LocalServer::Request& req) {
    return LocalServer::reply(req, 200, std::string(req.target()));
  });
  AsyncHttpClient client;
  asio::io_context io;
  std::atomic<int> ok{0};
  for (int i = 0; i < 40; ++i) {
    asio::co_spawn(
        io,
        [&, i]() -> asio::awaitable<void> {
          HttpRequest req;
          req.url = server.url("/" + std::to_string(i));
          auto res = co_await client.perform(req);
          if (res.body == "/" + std::to_string(i)) ++ok;
        },
        asio::detached);
  }
  io.run();
  EXPECT_EQ(ok.load(), 40);
}

TEST(AsyncHttpClient, TimesOut) {
  LocalServer server([](const LocalServer::Request& req) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    return LocalServer::reply(req, 200, "late");
  });
  AsyncHttpClient client;
  asio::io_context io;
  HttpRequest req;
  req.url = server.url("/");
  req.timeout = std::chrono::milliseconds(100);
  try {
    run(io, [&] { return client.perform(req); });
    FAIL() << "expected a timeout";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.kind(), HttpError::Kind::timeout) << e.what();
  }
}

TEST(AsyncHttpClient, RefusesAConnectionNobodyAnswers) {
  AsyncHttpClient client;
  asio::io_context io;
  HttpRequest req;
  req.url = "http://127.0.0.1:1/";
  try {
    run(io, [&] { return client.perform(req); });
    FAIL() << "expected a connect error";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.kind(), HttpError::Kind::connect) << e.what();
  }
}

TEST(AsyncHttpClient, StreamsTheBodyInPieces) {
  const std::string big(200'000, 'x');
  LocalServer server(
      [&](const LocalServer::Request& req) { return LocalServer::reply(req, 200, big); });
  AsyncHttpClient client;
  asio::io_context io;
  HttpRequest req;
  req.url = server.url("/v1/invoices/subscribe");
  std::string got;
  int pieces = 0;
  auto head = run(io, [&] {
    return client.stream(req, [&](std::string_view piece) {
      got += piece;
      ++pieces;
      return true;
    });
  });
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(got, big);
  EXPECT_GT(pieces, 1);
}

// A node's stream sends a line and then nothing for a long while: the line
// must reach the sink at once, not when a buffer fills or the stream ends.
TEST(AsyncHttpClient, HandsOnAPieceAsSoonAsItArrives) {
  asio::io_context server_io;
  asio::ip::tcp::acceptor acceptor(server_io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = acceptor.local_endpoint().port();
  std::promise<void> piece_seen;
  std::thread server([&] {
    auto socket = acceptor.accept();
    char request[4096];
    socket.read_some(asio::buffer(request));
    const std::string head =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n";
    asio::write(socket, asio::buffer(head + "b\r\n{\"line\":1}\n\r\n"));
    piece_seen.get_future().wait_for(std::chrono::seconds(5));
    asio::write(socket, asio::buffer(std::string("b\r\n{\"line\":2}\n\r\n0\r\n\r\n")));
  });
  AsyncHttpClient client;
  asio::io_context io;
  HttpRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(port) + "/v1/invoices/subscribe";
  std::vector<std::string> pieces;
  std::vector<std::chrono::steady_clock::duration> at;
  const auto start = std::chrono::steady_clock::now();
  auto head = run(io, [&] {
    return client.stream(req, [&](std::string_view piece) {
      pieces.emplace_back(piece);
      at.push_back(std::chrono::steady_clock::now() - start);
      if (pieces.size() == 1) piece_seen.set_value();
      return true;
    });
  });
  server.join();
  EXPECT_EQ(head.status, 200);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0], "{\"line\":1}\n");
  EXPECT_EQ(pieces[1], "{\"line\":2}\n");
  EXPECT_LT(at[0], std::chrono::seconds(2)) << "the first line waited for the second";
}

// A slow upstream: the head, then a piece every `gap`, `pieces` times.
class TricklingServer {
 public:
  TricklingServer(int pieces, std::chrono::milliseconds gap)
      : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}), thread_([this, pieces, gap] {
          auto socket = acceptor_.accept();
          char request[4096];
          socket.read_some(asio::buffer(request));
          asio::write(socket, asio::buffer(std::string("HTTP/1.1 200 OK\r\n"
                                                       "Transfer-Encoding: chunked\r\n\r\n")));
          boost::system::error_code ec;
          for (int i = 0; i < pieces && !ec; ++i) {
            std::this_thread::sleep_for(gap);
            asio::write(socket, asio::buffer(std::string("6\r\npiece") + char('0' + i) + "\r\n"),
                        ec);
          }
          if (!ec) asio::write(socket, asio::buffer(std::string("0\r\n\r\n")), ec);
          std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }) {}
  ~TricklingServer() { thread_.join(); }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/events";
  }

 private:
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
};

TEST(AsyncHttpClientOpen, PullsPiecesWithAwaitsBetweenAndBoundsEachPieceNotTheWhole) {
  TricklingServer server(5, std::chrono::milliseconds(60));
  AsyncHttpClient client;
  asio::io_context io;
  HttpRequest req;
  req.url = server.url();
  req.timeout = std::chrono::milliseconds(200);  // the whole body takes 300 ms
  std::string body;
  const auto status = run(io, [&]() -> asio::awaitable<long> {
    auto stream = co_await client.open(req);
    while (auto piece = co_await stream->next()) {
      body += *piece;
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(5));
      co_await pause.async_wait(asio::use_awaitable);
    }
    co_return stream->head().status;
  });
  EXPECT_EQ(status, 200);
  EXPECT_EQ(body, "piece0piece1piece2piece3piece4");
}

TEST(AsyncHttpClientOpen, APieceLateBeyondTheTimeoutIsATimeout) {
  TricklingServer server(2, std::chrono::milliseconds(400));
  AsyncHttpClient client;
  asio::io_context io;
  HttpRequest req;
  req.url = server.url();
  req.timeout = std::chrono::milliseconds(150);
  try {
    run(io, [&]() -> asio::awaitable<void> {
      auto stream = co_await client.open(req);
      while (co_await stream->next()) {
      }
    });
    FAIL() << "expected a timeout";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.kind(), HttpError::Kind::timeout) << e.what();
  }
}

TEST(AsyncHttpClientOpen, ABodyReadToItsEndLeavesTheConnectionForTheNextCall) {
  LocalServer server([](const LocalServer::Request& req) {
    return LocalServer::reply(req, 200, std::string(40'000, 'y'));
  });
  AsyncHttpClient client;
  asio::io_context io;
  HttpRequest req;
  req.url = server.url("/");
  for (int i = 0; i < 3; ++i) {
    const auto size = run(io, [&]() -> asio::awaitable<std::size_t> {
      auto stream = co_await client.open(req);
      std::size_t n = 0;
      while (auto piece = co_await stream->next())
        n += piece->size();
      co_return n;
    });
    EXPECT_EQ(size, 40'000u);
  }
  EXPECT_EQ(server.accepted_connections(), 1u);
}

class AsyncHttpClientTls : public ::testing::Test {
 protected:
  TempDir dir;
  TestCert server_cert = testing::make_test_cert(dir.path(), "server");
  TestCert other_cert = testing::make_test_cert(dir.path(), "other");
  LocalServer server{
      [](const LocalServer::Request& req) { return LocalServer::reply(req, 200, "hi"); },
      server_cert};
  asio::io_context io;

  HttpResponse get(const TestCert& pinned) {
    AsyncHttpClientOptions options;
    options.pinned_cert_file = pinned.cert_file.string();
    AsyncHttpClient client(options);
    HttpRequest req;
    req.url = server.url("/");
    return run(io, [&] { return client.perform(req); });
  }
};

TEST_F(AsyncHttpClientTls, PinnedCertificateIsAccepted) {
  EXPECT_EQ(get(server_cert).body, "hi");
}

TEST_F(AsyncHttpClientTls, AnotherCertificateIsATlsError) {
  try {
    get(other_cert);
    FAIL() << "expected a TLS error";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.kind(), HttpError::Kind::tls) << e.what();
  }
}

TEST_F(AsyncHttpClientTls, SystemTrustRefusesASelfSignedServer) {
  AsyncHttpClient client;
  HttpRequest req;
  req.url = server.url("/");
  try {
    run(io, [&] { return client.perform(req); });
    FAIL() << "expected a TLS error";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.kind(), HttpError::Kind::tls) << e.what();
  }
}

TEST(AsyncHttpClientOptions, AnUnreadablePinIsATlsError) {
  AsyncHttpClientOptions options;
  options.pinned_cert_file = "/nonexistent/tls.cert";
  EXPECT_THROW(AsyncHttpClient{options}, HttpError);
}

}  // namespace
}  // namespace l402d::net

namespace l402d::net {
namespace {

// A body source of `pieces` pieces of `size` bytes ('a', 'b', ...), with a
// pause before each: the body is produced while the request is in flight.
BodySource paced_source(int pieces, std::size_t size, std::uint64_t declared) {
  auto state = std::make_shared<std::pair<int, std::string>>(0, std::string());
  return {declared, [state, pieces, size]() -> asio::awaitable<std::optional<std::string_view>> {
            if (state->first == pieces) co_return std::nullopt;
            asio::steady_timer pause(co_await asio::this_coro::executor,
                                     std::chrono::milliseconds(20));
            co_await pause.async_wait(asio::use_awaitable);
            state->second.assign(size, static_cast<char>('a' + state->first++));
            co_return std::string_view(state->second);
          }};
}

TEST(AsyncHttpClientUpload, SendsTheBodyAsItIsProducedOnANewConnection) {
  auto server = echo_server();
  AsyncHttpClient client;
  asio::io_context io;
  HttpRequest warm;
  warm.url = server.url("/warm");
  run(io, [&] { return client.perform(warm); });  // leaves an idle connection
  HttpRequest req;
  req.method = "PUT";
  req.url = server.url("/up");
  const auto body = run(io, [&]() -> asio::awaitable<std::string> {
    auto stream = co_await client.open(req, paced_source(3, 4, 12));
    std::string out;
    while (auto piece = co_await stream->next())
      out += *piece;
    co_return out;
  });
  EXPECT_EQ(body, "PUT /up aaaabbbbcccc");
  EXPECT_EQ(server.accepted_connections(), 2u) << "an upload never takes a pooled connection";
}

TEST(AsyncHttpClientUpload, ABodyShorterThanDeclaredIsAnError) {
  auto server = echo_server();
  AsyncHttpClient client;
  asio::io_context io;
  HttpRequest req;
  req.method = "PUT";
  req.url = server.url("/up");
  EXPECT_THROW(run(io,
                   [&]() -> asio::awaitable<void> {
                     auto stream = co_await client.open(req, paced_source(2, 4, 12));
                   }),
               HttpError);
}

TEST(AsyncHttpClientUpload, WhatTheSourceThrowsReachesTheCaller) {
  auto server = echo_server();
  AsyncHttpClient client;
  asio::io_context io;
  HttpRequest req;
  req.method = "PUT";
  req.url = server.url("/up");
  BodySource broken{10, []() -> asio::awaitable<std::optional<std::string_view>> {
                      throw std::logic_error("the buyer went away");
                      co_return std::nullopt;
                    }};
  EXPECT_THROW(
      run(io, [&]() -> asio::awaitable<void> { auto stream = co_await client.open(req, broken); }),
      std::logic_error);
}

}  // namespace
}  // namespace l402d::net
