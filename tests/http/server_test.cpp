#include "http/server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
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

// Issue 21: the head and the body each had the whole read timeout, so a
// client could take twice as long (48 s of a 30 s timeout) and be served.
TEST(Server, ARequestDribbledInIsCutAtOneDeadline) {
  ServerOptions o;
  o.read_timeout = std::chrono::milliseconds(400);
  Fixture f(o);
  TestClient c(f.server->port());
  // The head takes 300 ms and the body 300 more: each within the timeout.
  const std::vector<std::string> pieces = {"POST /echo HTTP/1.1\r\n",
                                           "Host: x\r\n",
                                           "Content-Length: 15\r\n",
                                           "\r\n",
                                           "01234",
                                           "56789",
                                           "01234"};
  bool cut = false;
  for (const std::string& piece : pieces) {  // one every 100 ms: 600 ms in all
    boost::system::error_code ec;
    boost::asio::write(c.stream().socket(), boost::asio::buffer(piece), ec);
    if (ec) {
      cut = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(cut || c.closed_by_server());
  EXPECT_EQ(f.completed, 0) << "the dribbled request was not served";
}

// A kept-alive connection waits idle_timeout for the next request's first
// byte, then read_timeout for the whole request: not the two added up.
TEST(Server, AKeptAliveConnectionsNextRequestHasTheSameDeadline) {
  ServerOptions o;
  o.read_timeout = std::chrono::milliseconds(300);
  o.idle_timeout = std::chrono::milliseconds(5000);
  Fixture f(o);
  TestClient c(f.server->port());
  EXPECT_EQ(c.send(make_request(Verb::get, "/hello")).result(), Status::ok);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // idle, not cut
  c.write_raw("GET /hello HTTP/1.1\r\n");
  const auto first_byte = std::chrono::steady_clock::now();
  for (int i = 0; i < 8; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    boost::system::error_code ec;
    boost::asio::write(c.stream().socket(), boost::asio::buffer(std::string("X-A: b\r\n")), ec);
    if (ec) break;
  }
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_LT(std::chrono::steady_clock::now() - first_byte, std::chrono::milliseconds(1500));
  EXPECT_EQ(f.completed, 1);
}

// Issue 21: 16 KiB was the limit, yet a 32 KiB head arriving whole passed.
TEST(Server, AHeadOverTheLimitIsRefusedEvenWhenItArrivesWhole) {
  ServerOptions o;
  o.header_limit_bytes = 16384;
  Fixture f(o);
  TestClient c(f.server->port());
  std::string head = "GET /hello HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; head.size() < 32700; ++i)
    head += "X-Field-" + std::to_string(i) + ": " + std::string(100, 'v') + "\r\n";
  c.write_raw(head + "\r\n");
  auto res = c.read();
  EXPECT_EQ(res.result(), Status::request_header_fields_too_large);
  EXPECT_EQ(error_code_of(res.body()), "headers_too_large");
  // One field of 32 KiB.
  TestClient one(f.server->port());
  one.write_raw("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(32000, 'v') + "\r\n\r\n");
  EXPECT_EQ(one.read().result(), Status::request_header_fields_too_large);
  // Under the limit, the same shape is served.
  TestClient ok(f.server->port());
  std::string small = "GET /hello HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; small.size() < 12000; ++i)
    small += "X-Field-" + std::to_string(i) + ": " + std::string(100, 'v') + "\r\n";
  ok.write_raw(small + "\r\n");
  EXPECT_EQ(ok.read().result(), Status::ok);
}

// Issue 21 (RFC 9112 section 6): these were read as an empty body on a
// connection that stayed open, or fell back to Content-Length.
TEST(Server, AmbiguousBodyFramingIsRefusedAndTheConnectionClosed) {
  Fixture f;
  const struct {
    const char* headers;
    Status status;
  } cases[] = {
      {"Transfer-Encoding: chunked, chunked\r\n", Status::bad_request},
      {"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", Status::bad_request},
      {"Transfer-Encoding: gzip\r\n", Status::bad_request},
      {"Transfer-Encoding: chunked, gzip\r\n", Status::bad_request},
      {"Transfer-Encoding: gzip, chunked\r\n", Status::not_implemented},
      {"Transfer-Encoding: xchunked\r\nContent-Length: 5\r\n", Status::bad_request},
      {"Transfer-Encoding: identity\r\nContent-Length: 5\r\n", Status::bad_request},
      {"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", Status::bad_request},
      {"Transfer-Encoding: ,\r\n", Status::bad_request},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.headers);
    TestClient c(f.server->port());
    c.write_raw(std::string("POST /echo HTTP/1.1\r\nHost: x\r\n") + k.headers +
                "\r\n5\r\nhello\r\n0\r\n\r\n");
    auto res = c.read();
    EXPECT_EQ(res.result(), k.status);
    EXPECT_FALSE(res.keep_alive());
    EXPECT_TRUE(c.closed_by_server());
  }
  TestClient c(f.server->port());
  c.write_raw(
      "POST /echo HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(c.read().result(), Status::bad_request);
  // One chunked coding, in any letter case, is read.
  TestClient ok(f.server->port());
  ok.write_raw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n"
      "5\r\nhello\r\n0\r\n\r\n");
  auto res = ok.read();
  EXPECT_EQ(res.result(), Status::ok);
  EXPECT_EQ(res.body(), "hello");
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
