#include "http/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <future>
#include <thread>

#include "http/json_error.hpp"
#include "http/router.hpp"
#include "http/test_client.hpp"

namespace l402d::http {
namespace {

using testing::make_request;
using testing::TestClient;

struct Fixture {
  explicit Fixture(ServerOptions opts = {}) {
    opts.host = "127.0.0.1";
    opts.port = 0;
    router.add(Verb::get, "/hello", [](Exchange& ex) -> boost::asio::awaitable<Response> {
      co_return make_response(ex.request, Status::ok, "text/plain", "hi");
    });
    router.add(Verb::post, "/echo", [](Exchange& ex) -> boost::asio::awaitable<Response> {
      co_return make_response(ex.request, Status::ok, "application/octet-stream",
                              ex.request.body());
    });
    router.add(Verb::get, "/slow", [this](Exchange& ex) -> boost::asio::awaitable<Response> {
      slow_started = true;
      boost::asio::steady_timer t(co_await boost::asio::this_coro::executor,
                                  std::chrono::milliseconds(300));
      co_await t.async_wait(boost::asio::use_awaitable);
      co_return make_response(ex.request, Status::ok, "text/plain", "done");
    });
    router.add(Verb::get, "/throw", [](Exchange&) -> boost::asio::awaitable<Response> {
      throw std::runtime_error("boom");
      co_return Response{};
    });
    server = std::make_unique<Server>(
        opts, [this](Exchange& ex) { return router.route(ex); },
        [this](const Exchange&, const Response& r) {
          last_status = r.status_code();
          ++completed;
        });
    server->start();
  }
  ~Fixture() {
    server->stop();
    server->wait();
  }
  Router router;
  std::unique_ptr<Server> server;
  std::atomic<bool> slow_started{false};
  std::atomic<unsigned> last_status{0};
  std::atomic<int> completed{0};
};

std::string error_code_of(const std::string& body) {
  return std::string(boost::json::parse(body).at("error").at("code").as_string());
}

TEST(Server, ServesKeepAliveRequestsOnOneConnection) {
  Fixture f;
  TestClient c(f.server->port());
  for (int i = 0; i < 3; ++i) {
    auto res = c.send(make_request(Verb::get, "/hello"));
    EXPECT_EQ(res.result(), Status::ok);
    EXPECT_EQ(res.body(), "hi");
    EXPECT_TRUE(res.keep_alive());
  }
  auto res = c.send(make_request(Verb::post, "/echo", "payload"));
  EXPECT_EQ(res.body(), "payload");
}

// A HEAD answer carries the GET's headers and no body; a body would be read
// by the client as the start of the next response.
TEST(Server, HeadRequestsGetHeadersWithoutTheBody) {
  Fixture f;
  TestClient c(f.server->port());
  c.write_raw("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  auto head = c.read_head_only();
  EXPECT_EQ(head.result(), Status::ok);
  EXPECT_EQ(head[Field::content_length], "2");
  EXPECT_EQ(head.body(), "");
  auto get = c.read();
  EXPECT_EQ(get.result(), Status::ok);
  EXPECT_EQ(get.body(), "hi");
}

// Bodies that arrive with their header are parsed from the read buffer; what
// follows them (the next pipelined request) must stay there.
TEST(Server, PipelinedRequestsWithBodiesAreAnsweredInOrder) {
  Fixture f;
  TestClient c(f.server->port());
  c.write_raw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none"
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nthree"
      "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.read().body(), "one");
  EXPECT_EQ(c.read().body(), "three");
  EXPECT_EQ(c.read().body(), "hi");
}

// A body split across reads, and a chunked one: the rest comes through the
// asynchronous read.
TEST(Server, BodiesThatArriveLaterOrChunkedAreReadWhole) {
  Fixture f;
  TestClient c(f.server->port());
  c.write_raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nfirst");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  c.write_raw("-half");
  EXPECT_EQ(c.read().body(), "first-half");
  c.write_raw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "4\r\nabcd\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  c.write_raw("2\r\nef\r\n0\r\n\r\n");
  EXPECT_EQ(c.read().body(), "abcdef");
}

TEST(Server, BodyOverTheLimitGets413Json) {
  ServerOptions o;
  o.body_limit_bytes = 1000;
  o.decorate_own_errors = [](Response& r) { r.set(Field::access_control_allow_origin, "*"); };
  Fixture f(o);
  TestClient c(f.server->port());
  auto res = c.send(make_request(Verb::post, "/echo", std::string(2000, 'x')));
  EXPECT_EQ(res.result(), Status::payload_too_large);
  EXPECT_EQ(error_code_of(res.body()), "body_too_large");
  // A browser can read why (the application adds its CORS headers).
  EXPECT_EQ(res[Field::access_control_allow_origin], "*");
}

TEST(Server, HeadersOverTheLimitGet431Json) {
  ServerOptions o;
  o.header_limit_bytes = 1024;
  Fixture f(o);
  TestClient c(f.server->port());
  auto req = make_request(Verb::get, "/hello");
  req.set("X-Big", std::string(4000, 'a'));
  auto res = c.send(req);
  EXPECT_EQ(res.result(), Status::request_header_fields_too_large);
  EXPECT_EQ(error_code_of(res.body()), "headers_too_large");
}

TEST(Server, GarbageGets400AndClose) {
  Fixture f;
  TestClient c(f.server->port());
  c.write_raw("NOT HTTP AT ALL\r\n\r\n");
  auto res = c.read();
  EXPECT_EQ(res.result(), Status::bad_request);
  EXPECT_EQ(error_code_of(res.body()), "bad_request");
}

TEST(Server, HandlerExceptionBecomesJson500) {
  Fixture f;
  TestClient c(f.server->port());
  auto res = c.send(make_request(Verb::get, "/throw"));
  EXPECT_EQ(res.result(), Status::internal_server_error);
  EXPECT_EQ(error_code_of(res.body()), "internal_error");
  // The connection survives a handler failure.
  EXPECT_EQ(c.send(make_request(Verb::get, "/hello")).result(), Status::ok);
}

TEST(Server, ExpectContinueIsHonoured) {
  Fixture f;
  TestClient c(f.server->port());
  c.write_raw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  // The interim 100 response comes first; only then does the client send the body.
  auto interim = c.read();
  EXPECT_EQ(interim.result(), Status::continue_);
  c.write_raw("hello");
  auto res = c.read();
  EXPECT_EQ(res.body(), "hello");
}

TEST(Server, SlowClientTimesOut) {
  ServerOptions o;
  o.read_timeout = std::chrono::milliseconds(200);
  Fixture f(o);
  TestClient c(f.server->port());
  c.write_raw("GET /hello HTTP/1.1\r\nHost: x\r\n");  // never finishes the header
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST(Server, GracefulStopFinishesInFlightAndClosesIdle) {
  auto f = std::make_unique<Fixture>();
  TestClient idle(f->server->port());
  EXPECT_EQ(idle.send(make_request(Verb::get, "/hello")).result(), Status::ok);

  TestClient busy(f->server->port());
  auto req = make_request(Verb::get, "/slow");
  req.version(11);
  req.set(boost::beast::http::field::host, "x");
  boost::beast::http::write(busy.stream(), req);
  while (!f->slow_started)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));

  f->server->stop();
  auto res = busy.read();  // the in-flight request still completes
  EXPECT_EQ(res.result(), Status::ok);
  EXPECT_EQ(res.body(), "done");
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(idle.closed_by_server());
  f->server->wait();
  EXPECT_EQ(f->server->open_connections(), 0U);
}

TEST(Server, RefusesABadListenAddress) {
  ServerOptions o;
  o.host = "not-an-ip";
  Server s(o, [](Exchange& ex) -> boost::asio::awaitable<Response> {
    co_return make_response(ex.request, Status::ok, "text/plain", "");
  });
  EXPECT_THROW(s.start(), std::runtime_error);
}

TEST(Server, CompletionHookSeesEveryRequest) {
  Fixture f;
  TestClient c(f.server->port());
  c.send(make_request(Verb::get, "/hello"));
  c.send(make_request(Verb::get, "/missing"));
  for (int i = 0; i < 100 && f.completed < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(f.completed, 2);
  EXPECT_EQ(f.last_status, 404U);
}

}  // namespace
}  // namespace l402d::http
