// Streamed responses through the real server: chunked framing on the wire,
// the per-chunk deadline, and how a stop ends a stream.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <future>
#include <thread>

#include "http/body_writer.hpp"
#include "http/raw_client.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/test_client.hpp"

namespace l402d::http {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::RawClient;

asio::awaitable<bool> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  auto [ec] = co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
  co_return !ec;
}

// Server-sent events, "data: n" every 20 ms, until the server stops; the
// producer then returns, so the body ends with its last chunk.
asio::awaitable<void> events_forever(BodyWriter& w) {
  for (int n = 0;; ++n) {
    const std::string event = "data: " + std::to_string(n) + "\n\n";
    co_await w.write(event);
    if (!co_await sleep_for(20ms)) co_return;
  }
}

struct Fixture {
  explicit Fixture(ServerOptions opts = {}) {
    opts.host = "127.0.0.1";
    opts.port = 0;
    router.add(Verb::get, "/events", [](Exchange& ex) -> asio::awaitable<Response> {
      co_return make_stream_response(ex.request, Status::ok, "text/event-stream", events_forever);
    });
    router.add(Verb::get, "/count", [this](Exchange& ex) -> asio::awaitable<Response> {
      co_return make_stream_response(ex.request, Status::ok, "text/plain",
                                     [this](BodyWriter& w) -> asio::awaitable<void> {
                                       ++producers_run;
                                       for (int n = 0; n < count_to; ++n) {
                                         co_await w.write(std::to_string(n) + ",");
                                         co_await sleep_for(count_pause);
                                       }
                                     });
    });
    router.add(Verb::get, "/sized", [](Exchange& ex) -> asio::awaitable<Response> {
      auto res = make_stream_response(ex.request, Status::ok, "text/plain",
                                      [](BodyWriter& w) -> asio::awaitable<void> {
                                        co_await w.write("hello");
                                        co_await w.write(" world");
                                      });
      res.head.content_length(11);
      co_return res;
    });
    router.add(Verb::get, "/flood", [this](Exchange& ex) -> asio::awaitable<Response> {
      co_return make_stream_response(ex.request, Status::ok, "application/octet-stream",
                                     [this](BodyWriter& w) -> asio::awaitable<void> {
                                       const std::string block(1024 * 1024, 'x');
                                       try {
                                         for (;;)
                                           co_await w.write(block);
                                       } catch (const boost::system::system_error& e) {
                                         flood_error.set_value(e.code());
                                         throw;
                                       }
                                     });
    });
    router.add(Verb::get, "/broken", [](Exchange& ex) -> asio::awaitable<Response> {
      co_return make_stream_response(ex.request, Status::ok, "text/plain",
                                     [](BodyWriter& w) -> asio::awaitable<void> {
                                       co_await w.write("partial");
                                       throw std::runtime_error("upstream went away");
                                     });
    });
    router.add(Verb::get, "/slow", [this](Exchange& ex) -> asio::awaitable<Response> {
      slow_started = true;
      co_await sleep_for(300ms);
      co_return make_response(ex.request, Status::ok, "text/plain", "done");
    });
    router.add(Verb::get, "/hello", [](Exchange& ex) -> asio::awaitable<Response> {
      co_return make_response(ex.request, Status::ok, "text/plain", "hi");
    });
    server = std::make_unique<Server>(
        opts, [this](Exchange& ex) { return router.route(ex); },
        [this](const Exchange&, const Response& r) { last_body_size = r.body_size(); });
    server->start();
  }
  ~Fixture() {
    server->stop();
    server->wait();
  }

  // Stops the server and returns how long wait() took.
  Clock::duration stop_and_wait() {
    const auto started = Clock::now();
    server->stop();
    server->wait();
    return Clock::now() - started;
  }

  Router router;
  std::unique_ptr<Server> server;
  int count_to = 3;
  std::chrono::milliseconds count_pause{0};
  std::atomic<int> producers_run{0};
  std::atomic<bool> slow_started{false};
  std::atomic<std::uint64_t> last_body_size{0};
  std::promise<boost::system::error_code> flood_error;
};

ServerOptions long_grace() {
  ServerOptions o;
  o.shutdown_grace = 30s;  // far above what any test below may take
  return o;
}

void get(RawClient& c, const std::string& target, const std::string& version = "1.1") {
  c.write("GET " + target + " HTTP/" + version + "\r\nHost: x\r\n\r\n");
}

TEST(Stream, ServerSentEventsEndPromptlyWhenTheServerStops) {
  Fixture f(long_grace());
  RawClient c(f.server->port());
  get(c, "/events");
  auto head = c.read_head();
  ASSERT_TRUE(head);
  EXPECT_TRUE(head->starts_with("HTTP/1.1 200 OK\r\n")) << *head;
  EXPECT_NE(head->find("Transfer-Encoding: chunked\r\n"), std::string::npos) << *head;
  EXPECT_NE(head->find("Content-Type: text/event-stream\r\n"), std::string::npos) << *head;
  for (int n = 0; n < 5; ++n) {
    EXPECT_EQ(c.read_chunk(), "data: " + std::to_string(n) + "\n\n");
  }

  const auto started = Clock::now();
  std::thread stopper([&] { f.server->stop(); });
  // More events may be on the way; then the last chunk, or the close if the
  // stop caught a write midway.
  std::optional<std::string> chunk;
  while ((chunk = c.read_chunk()) && !chunk->empty())
    EXPECT_TRUE(chunk->starts_with("data: ")) << *chunk;
  EXPECT_LT(Clock::now() - started, 1s);
  stopper.join();
  f.server->wait();
  EXPECT_LT(Clock::now() - started, 1s);
  EXPECT_TRUE(c.closed_by_server());
  EXPECT_EQ(f.server->open_connections(), 0U);
}

// The deadline is per chunk: a stream may outlast it many times over, and
// the connection then serves the next request.
TEST(Stream, AStreamMayOutlastTheChunkTimeout) {
  ServerOptions o;
  o.stream_chunk_timeout = 50ms;
  o.write_timeout = 50ms;
  Fixture f(o);
  f.count_to = 15;
  f.count_pause = 20ms;
  RawClient c(f.server->port());
  get(c, "/count");
  ASSERT_TRUE(c.read_head());
  std::string body;
  std::optional<std::string> chunk;
  while ((chunk = c.read_chunk()) && !chunk->empty())
    body += *chunk;
  ASSERT_TRUE(chunk) << "the stream did not end with its last chunk";
  EXPECT_EQ(body, "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,");
  get(c, "/hello");
  auto next = c.read_head();
  ASSERT_TRUE(next);
  EXPECT_TRUE(next->starts_with("HTTP/1.1 200 OK\r\n"));
}

// A client that stops reading while the producer writes is cut off one chunk
// timeout after its buffers are full, and the producer hears of it.
TEST(Stream, AStalledReaderIsDisconnectedAfterTheChunkTimeout) {
  ServerOptions o;
  o.stream_chunk_timeout = 200ms;
  Fixture f(o);
  auto failed = f.flood_error.get_future();
  RawClient c(f.server->port(), 4096);
  get(c, "/flood");
  ASSERT_TRUE(c.read_head());  // and then nothing more
  ASSERT_EQ(failed.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(failed.get(), boost::beast::error::timeout);
  for (int i = 0; i < 200 && f.server->open_connections() > 0; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(f.server->open_connections(), 0U);
}

TEST(Stream, StopLetsInFlightRequestsFinishWhileStreamsEnd) {
  Fixture f(long_grace());
  RawClient stream(f.server->port());
  get(stream, "/events");
  ASSERT_TRUE(stream.read_head());
  EXPECT_EQ(stream.read_chunk(), "data: 0\n\n");
  RawClient busy(f.server->port());
  get(busy, "/slow");
  while (!f.slow_started)
    std::this_thread::sleep_for(2ms);

  const auto waited = f.stop_and_wait();
  auto head = busy.read_head();
  ASSERT_TRUE(head);
  EXPECT_TRUE(head->starts_with("HTTP/1.1 200 OK\r\n")) << *head;
  EXPECT_NE(head->find("Connection: close\r\n"), std::string::npos) << *head;
  EXPECT_EQ(busy.read_to_close(), "done");
  // The slow request's 300 ms, not the 30 s grace.
  EXPECT_LT(waited, 1s);
}

TEST(Stream, StopClosesIdleConnectionsAtOnce) {
  Fixture f(long_grace());
  testing::TestClient idle(f.server->port());
  EXPECT_EQ(idle.send(testing::make_request(Verb::get, "/hello")).result(), Status::ok);
  EXPECT_LT(f.stop_and_wait(), 500ms);
  EXPECT_TRUE(idle.closed_by_server());
}

// Beast's own parser reads the framing as an HTTP/1.1 client would.
TEST(Stream, ChunkedBodiesParseAsHttp) {
  Fixture f;
  testing::TestClient c(f.server->port());
  auto res = c.send(testing::make_request(Verb::get, "/count"));
  EXPECT_EQ(res.result(), Status::ok);
  EXPECT_TRUE(res.chunked());
  EXPECT_EQ(res.body(), "0,1,2,");
  EXPECT_TRUE(res.keep_alive());
  // The completion hook runs after the last chunk went out, so maybe after
  // the client read it.
  for (int i = 0; i < 100 && f.last_body_size != 6; ++i)
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ(f.last_body_size, 6U);
  EXPECT_EQ(c.send(testing::make_request(Verb::get, "/hello")).body(), "hi");
}

TEST(Stream, AContentLengthSendsTheBodyRaw) {
  Fixture f;
  RawClient c(f.server->port());
  get(c, "/sized");
  auto head = c.read_head();
  ASSERT_TRUE(head);
  EXPECT_NE(head->find("Content-Length: 11\r\n"), std::string::npos) << *head;
  EXPECT_EQ(head->find("Transfer-Encoding"), std::string::npos) << *head;
  testing::TestClient beast(f.server->port());
  auto res = beast.send(testing::make_request(Verb::get, "/sized"));
  EXPECT_EQ(res.body(), "hello world");
  EXPECT_TRUE(res.keep_alive());
  EXPECT_EQ(beast.send(testing::make_request(Verb::get, "/hello")).body(), "hi");
}

TEST(Stream, HeadSendsTheHeadWithoutRunningTheProducer) {
  Fixture f;
  testing::TestClient c(f.server->port());
  c.write_raw("HEAD /count HTTP/1.1\r\nHost: x\r\n\r\n");
  auto head = c.read_head_only();
  EXPECT_EQ(head.result(), Status::ok);
  EXPECT_EQ(c.send(testing::make_request(Verb::get, "/hello")).body(), "hi");
  EXPECT_EQ(f.producers_run, 0);
}

// HTTP/1.0 has no chunks: the body goes raw and the close ends it.
TEST(Stream, Http10ClientsGetARawBodyEndedByTheClose) {
  Fixture f;
  RawClient c(f.server->port());
  get(c, "/count", "1.0");
  auto head = c.read_head();
  ASSERT_TRUE(head);
  EXPECT_TRUE(head->starts_with("HTTP/1.0 200 OK\r\n")) << *head;
  EXPECT_EQ(head->find("Transfer-Encoding"), std::string::npos) << *head;
  EXPECT_EQ(c.read_to_close(), "0,1,2,");
}

// A producer that fails leaves the body unfinished: a client must not take a
// cut-off body for a whole one.
TEST(Stream, AFailingProducerClosesWithoutTheLastChunk) {
  Fixture f;
  RawClient c(f.server->port());
  get(c, "/broken");
  ASSERT_TRUE(c.read_head());
  EXPECT_EQ(c.read_chunk(), "partial");
  EXPECT_EQ(c.read_chunk(), std::nullopt);
}

}  // namespace
}  // namespace l402d::http
