// Streamed request bodies: a route that takes its body as it arrives gets it
// in bounded pieces after the head, and a body it never reads is never asked
// for (no "100 Continue") and never mistaken for the next request.

#include "http/body_stream.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <thread>

#include "http/json_error.hpp"
#include "http/raw_client.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/test_client.hpp"

namespace l402d::http {
namespace {

using testing::RawClient;
using testing::TestClient;

constexpr std::uint64_t kStreamLimit = 64ULL * 1024 * 1024;

// "/up/…" streams bodies up to kStreamLimit; "/refuse/…" too, but answers
// without reading; "/echo" reads whole (the server's 1 KB limit).
struct Fixture {
  Fixture() {
    router.add_prefix(Verb::post, "/up/", [this](Exchange& ex) -> boost::asio::awaitable<Response> {
      streamed = ex.body_stream != nullptr;
      whole_body_size = ex.request.body().size();
      std::uint64_t total = 0;
      std::size_t largest = 0;
      std::uint64_t sum = 0;
      if (ex.body_stream) {
        while (auto piece = co_await ex.body_stream->next()) {
          total += piece->size();
          largest = std::max(largest, piece->size());
          for (unsigned char c : *piece)
            sum += c;
        }
      }
      largest_piece = largest;
      co_return make_response(ex.request, Status::ok, "text/plain",
                              std::to_string(total) + " " + std::to_string(sum));
    });
    router.add_prefix(Verb::post, "/refuse/", [](Exchange& ex) -> boost::asio::awaitable<Response> {
      co_return error_response(ex.request, Status::payment_required, "payment_required",
                               "Pay first.");
    });
    router.add(Verb::post, "/echo", [](Exchange& ex) -> boost::asio::awaitable<Response> {
      co_return make_response(ex.request, Status::ok, "text/plain", ex.request.body());
    });
    router.stream_bodies("/up/", "", kStreamLimit);
    router.stream_bodies("/refuse/", "", kStreamLimit);
    ServerOptions o;
    o.port = 0;
    o.body_limit_bytes = 1000;
    o.streamed_body_limit = [this](const Request& r) { return router.streamed_body_limit(r); };
    server = std::make_unique<Server>(o, [this](Exchange& ex) { return router.route(ex); });
    server->start();
  }
  ~Fixture() {
    server->stop();
    server->wait();
  }
  Router router;
  std::unique_ptr<Server> server;
  std::atomic<bool> streamed{false};
  std::atomic<std::size_t> whole_body_size{0};
  std::atomic<std::size_t> largest_piece{0};
};

std::string post_head(const std::string& path, std::uint64_t length, bool expect = false) {
  return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(length) +
         (expect ? "\r\nExpect: 100-continue" : "") + "\r\n\r\n";
}

TEST(BodyStream, ALargeBodyArrivesInBoundedPiecesAfterTheHead) {
  Fixture f;
  RawClient c(f.server->port());
  const std::uint64_t size = 20ULL * 1024 * 1024;
  c.write(post_head("/up/file", size));
  const std::string block(1 << 20, 'a');
  for (std::uint64_t sent = 0; sent < size; sent += block.size())
    c.write(block);
  const auto head = c.read_head();
  ASSERT_TRUE(head);
  EXPECT_NE(head->find("200 OK"), std::string::npos) << *head;
  EXPECT_TRUE(f.streamed);
  EXPECT_EQ(f.whole_body_size, 0u) << "nothing was buffered into the request";
  EXPECT_LE(f.largest_piece, 64u * 1024) << "memory is one piece, whatever the size";
  // The connection serves the next request: the body was read to its end.
  c.write("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi");
  EXPECT_NE(c.read_to_close().find(std::to_string(size) + " " + std::to_string(size * 'a')),
            std::string::npos);
}

TEST(BodyStream, ABodyThatCameWithItsHeadIsHandedOverWhole) {
  Fixture f;
  TestClient c(f.server->port());
  auto res = c.send(testing::make_request(Verb::post, "/up/x", "hello"));
  EXPECT_EQ(res.body(), "0 0") << "the handler found no stream";
  EXPECT_FALSE(f.streamed);
  EXPECT_EQ(f.whole_body_size, 5u);
}

TEST(BodyStream, ABodyOverTheRoutesLimitIs413BeforeTheHandler) {
  Fixture f;
  RawClient c(f.server->port());
  c.write(post_head("/up/x", kStreamLimit + 1));
  const auto head = c.read_head();
  ASSERT_TRUE(head);
  EXPECT_NE(head->find("413"), std::string::npos) << *head;
  EXPECT_NE(c.read_to_close().find("\"body_too_large\""), std::string::npos);
  EXPECT_FALSE(f.streamed);
}

TEST(BodyStream, OtherRoutesKeepTheServersLimit) {
  Fixture f;
  RawClient c(f.server->port());
  c.write(post_head("/echo", 2000));
  const auto head = c.read_head();
  ASSERT_TRUE(head);
  EXPECT_NE(head->find("413"), std::string::npos) << *head;
}

TEST(BodyStream, AnAnswerBeforeTheBodyAsksForNoBodyAndClosesTheConnection) {
  Fixture f;
  RawClient c(f.server->port());
  c.write(post_head("/refuse/x", 50ULL * 1024 * 1024, true));
  const auto head = c.read_head();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->find("100 Continue"), std::string::npos) << "the body is never asked for";
  EXPECT_NE(head->find("402"), std::string::npos) << *head;
  EXPECT_NE(head->find("Connection: close"), std::string::npos) << *head;
  c.read_to_close();
}

TEST(BodyStream, ExpectContinueIsAnsweredWhenTheHandlerReads) {
  Fixture f;
  RawClient c(f.server->port());
  const std::uint64_t size = 2 * 1024 * 1024;
  c.write(post_head("/up/x", size, true));
  const auto interim = c.read_head();
  ASSERT_TRUE(interim);
  EXPECT_NE(interim->find("100 Continue"), std::string::npos) << *interim;
  c.write(std::string(size, 'b'));
  const auto head = c.read_head();
  ASSERT_TRUE(head);
  EXPECT_NE(head->find("200 OK"), std::string::npos) << *head;
}

TEST(BodyStream, AClientThatGoesAwayMidBodyIsAnErrorForTheHandler) {
  std::atomic<int> outcome{0};  // 1: the stream threw BodyStreamError
  Router router;
  router.add_prefix(Verb::post, "/up/", [&](Exchange& ex) -> boost::asio::awaitable<Response> {
    try {
      while (co_await ex.body_stream->next()) {
      }
    } catch (const BodyStreamError& e) {
      outcome = e.kind() == BodyStreamError::Kind::cut ? 1 : 2;
    }
    co_return make_response(ex.request, Status::ok, "text/plain", "");
  });
  router.stream_bodies("/up/", "", kStreamLimit);
  ServerOptions o;
  o.port = 0;
  o.streamed_body_limit = [&](const Request& r) { return router.streamed_body_limit(r); };
  Server server(o, [&](Exchange& ex) { return router.route(ex); });
  server.start();
  {
    RawClient c(server.port());
    c.write(post_head("/up/x", 10 * 1024 * 1024) + std::string(100'000, 'c'));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (int i = 0; i < 200 && outcome == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(outcome, 1);
  server.stop();
  server.wait();
}

}  // namespace
}  // namespace l402d::http
