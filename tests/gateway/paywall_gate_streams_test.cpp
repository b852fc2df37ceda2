#include <gtest/gtest.h>

#include "gateway/event_stream.hpp"
#include "gateway/gate_harness.hpp"
#include "http/raw_client.hpp"

namespace l402d::gateway {
namespace {

using namespace l402d::gateway::testing;  // NOLINT(google-build-using-namespace)
namespace json = boost::json;
using HttpResponse = http::beast_http::response<http::beast_http::string_body>;

HttpResponse post_for_events(Harness& h, const std::string& auth) {
  TestClient c(h.server->port());
  auto req = make_request(Verb::post, "/api/l402/music", kBody);
  req.set(Field::authorization, auth);
  req.set(Field::accept, "text/event-stream");
  return c.send(req);
}

TEST(EventStreamFormat, EventsAndMultiLineData) {
  EXPECT_EQ(sse_event("delta", R"({"text":"a"})"), "event: delta\ndata: {\"text\":\"a\"}\n\n");
  EXPECT_EQ(sse_event("x", "one\ntwo"), "event: x\ndata: one\ndata: two\n\n");
  EXPECT_EQ(sse_event("x", ""), "event: x\ndata: \n\n");
}

TEST(EventStreamRequest, AcceptHeaderOrBodyFlag) {
  http::Exchange ex;
  EXPECT_FALSE(asks_for_events(ex));
  ex.request.set(Field::accept, "application/json, text/event-stream;q=0.9");
  EXPECT_TRUE(asks_for_events(ex));
  http::Exchange body;
  body.json_body = std::make_shared<const json::value>(json::parse(R"({"stream":true})"));
  EXPECT_TRUE(asks_for_events(body));
  body.json_body = std::make_shared<const json::value>(json::parse(R"({"stream":"yes"})"));
  EXPECT_FALSE(asks_for_events(body));
}

TEST(PaywallGateStreams, APaidAnswerStreamsItsPiecesThenTheResult) {
  Harness h;
  h.pieces = {R"({"text":"Hello"})", R"({"text":" world"})"};
  const auto auth = h.pay(kBody);
  auto res = post_for_events(h, auth);
  ASSERT_EQ(res.result(), Status::ok) << res.body();
  EXPECT_EQ(res[Field::content_type], "text/event-stream");
  EXPECT_EQ(res[Field::cache_control], "no-store");
  const std::string expected =
      "event: delta\ndata: {\"text\":\"Hello\"}\n\n"
      "event: delta\ndata: {\"text\":\" world\"}\n\n"
      "event: result\ndata: {\"audioUrl\":\"http://x/media/1\"}\n\n";
  EXPECT_EQ(res.body(), expected);
  // The result was stored as it went: a replay gets it whole, as JSON.
  auto replay = h.post(kBody, auth);
  EXPECT_EQ(replay.result(), Status::ok);
  EXPECT_EQ(replay.body(), R"({"audioUrl":"http://x/media/1"})");
  EXPECT_EQ(h.calls.load(), 1);
}

TEST(PaywallGateStreams, AQuietWorkSendsProgressEvents) {
  HarnessOptions o;
  o.event_quiet_ms = 50;
  Harness h(o);
  h.slow = true;
  const auto auth = h.pay(kBody);
  auto res = post_for_events(h, auth);
  ASSERT_EQ(res.result(), Status::ok);
  EXPECT_NE(res.body().find("event: progress\ndata: {\"stage\":\"running\",\"elapsed_ms\":"),
            std::string::npos)
      << res.body();
  EXPECT_NE(res.body().find("event: result\n"), std::string::npos);
}

TEST(PaywallGateStreams, AFailureIsTheLastEventAndTheTokenStaysRedeemable) {
  Harness h;
  h.fail_next = true;
  const auto auth = h.pay(kBody);
  auto res = post_for_events(h, auth);
  ASSERT_EQ(res.result(), Status::ok);
  const auto at = res.body().find("event: error\ndata: ");
  ASSERT_NE(at, std::string::npos) << res.body();
  const auto data = res.body().substr(at + 19, res.body().find('\n', at + 19) - at - 19);
  EXPECT_EQ(json::parse(data).at("error").at("code"), "engine_down");
  auto again = h.post(kBody, auth);
  EXPECT_EQ(again.result(), Status::ok);
  EXPECT_EQ(h.calls.load(), 2);
}

TEST(PaywallGateStreams, ABuyerWhoLeavesStillGetsTheResultRecorded) {
  Harness h;
  h.slow = true;
  const auto auth = h.pay(kBody);
  {
    l402d::testing::RawClient raw(h.server->port());
    raw.write(
        "POST /api/l402/music HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
        "Authorization: " +
        auth + "\r\nContent-Type: application/json\r\nContent-Length: " +
        std::to_string(std::string(kBody).size()) + "\r\n\r\n" + kBody);
  }  // gone before the work ends
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  auto replay = h.post(kBody, auth);
  EXPECT_EQ(replay.result(), Status::ok) << replay.body();
  EXPECT_EQ(replay.body(), R"({"audioUrl":"http://x/media/1"})");
  EXPECT_EQ(h.calls.load(), 1);
}

}  // namespace
}  // namespace l402d::gateway
