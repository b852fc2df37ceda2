#include "providers/openai_vision.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>

#include "support/fake_upstream.hpp"

namespace l402d::providers {
namespace {

using testing::FakeUpstream;
namespace json = boost::json;

engines::VisionJob job() {
  engines::VisionJob j;
  j.image = {0x89, 'P', 'N', 'G'};
  j.mime_type = "image/png";
  j.prompt = "What is this?";
  return j;
}

OpenAiVisionOptions options(const FakeUpstream& up) {
  OpenAiVisionOptions o;
  o.base_url = up.url("/v1/");
  o.api_key = "sk-test-secret";
  o.model = "llava";
  o.timeout = std::chrono::milliseconds(2000);
  o.retry = {3, std::chrono::milliseconds(1), std::chrono::milliseconds(5)};
  return o;
}

std::string completion(std::string text) {
  return json::serialize(json::object{
      {"id", "chatcmpl-1"},
      {"object", "chat.completion"},
      {"choices",
       json::array{json::object{{"index", 0},
                                {"message", json::object{{"role", "assistant"}, {"content", text}}},
                                {"finish_reason", "stop"}}}}});
}

std::string error_code(const std::function<void()>& f) {
  try {
    f();
  } catch (const engines::EngineError& e) {
    EXPECT_EQ(std::string(e.what()).find("sk-test-secret"), std::string::npos);
    return e.code();
  }
  return "(none)";
}

TEST(OpenAiVision, SendsTheImageAsADataUriPartAndReturnsTheAnswer) {
  FakeUpstream up;
  up.on(http::Verb::post, "/v1/chat/completions", [](const http::Request& req) {
    return FakeUpstream::json(req, http::Status::ok, completion("A cat on a table."));
  });
  up.start();
  OpenAiVision engine(options(up));
  EXPECT_EQ(engine.answer(job()).content, "A cat on a table.");

  auto sent = up.requests().at(0);
  EXPECT_EQ(sent[http::Field::authorization], "Bearer sk-test-secret");
  auto body = json::parse(sent.body()).as_object();
  EXPECT_EQ(body.at("model").as_string(), "llava");
  EXPECT_EQ(body.at("max_tokens").as_int64(), 512);
  const auto& parts = body.at("messages").as_array().at(0).at("content").as_array();
  EXPECT_EQ(parts.at(0).at("type").as_string(), "text");
  EXPECT_EQ(parts.at(0).at("text").as_string(), "What is this?");
  EXPECT_EQ(parts.at(1).at("type").as_string(), "image_url");
  EXPECT_EQ(parts.at(1).at("image_url").at("url").as_string(), "data:image/png;base64,iVBORw==");
}

TEST(OpenAiVision, ArrayContentIsJoined) {
  FakeUpstream up;
  up.on(http::Verb::post, "/v1/chat/completions", [](const http::Request& req) {
    return FakeUpstream::json(
        req, http::Status::ok,
        R"({"choices":[{"message":{"role":"assistant","content":[{"type":"text","text":"Two "},{"type":"text","text":"dogs."}]}}]})");
  });
  up.start();
  OpenAiVision engine(options(up));
  EXPECT_EQ(engine.answer(job()).content, "Two dogs.");
}

TEST(OpenAiVision, RetriesServerErrorsThenSucceeds) {
  FakeUpstream up;
  std::atomic<int> calls{0};
  up.on(http::Verb::post, "/v1/chat/completions", [&](const http::Request& req) {
    if (++calls == 1) return FakeUpstream::json(req, http::Status::bad_gateway, "{}");
    return FakeUpstream::json(req, http::Status::ok, completion("ok"));
  });
  up.start();
  OpenAiVision engine(options(up));
  EXPECT_EQ(engine.answer(job()).content, "ok");
  EXPECT_EQ(calls, 2);
}

TEST(OpenAiVision, MapsProviderErrorsToStableCodes) {
  struct Case {
    http::Status status;
    const char* code;
  };
  for (auto c : {Case{http::Status::unauthorized, "provider_auth"},
                 Case{http::Status::not_found, "provider_not_found"},
                 Case{http::Status::too_many_requests, "provider_rate_limited"},
                 Case{http::Status::service_unavailable, "provider_unavailable"},
                 Case{http::Status::bad_request, "provider_rejected"}}) {
    FakeUpstream up;
    up.on(http::Verb::post, "/v1/chat/completions", [&](const http::Request& req) {
      return FakeUpstream::json(req, c.status,
                                R"({"error":{"message":"nope","type":"invalid_request_error"}})");
    });
    up.start();
    OpenAiVision engine(options(up));
    EXPECT_EQ(error_code([&] { engine.answer(job()); }), c.code);
  }
}

TEST(OpenAiVision, TimeoutAndUnreachable) {
  FakeUpstream up;
  up.on(http::Verb::post, "/v1/chat/completions", [](const http::Request& req) {
    return FakeUpstream::json(req, http::Status::ok, completion("late"));
  });
  up.set_delay(std::chrono::milliseconds(1500));
  up.start();
  auto o = options(up);
  o.timeout = std::chrono::milliseconds(200);
  o.retry.max_attempts = 1;
  OpenAiVision slow(o);
  EXPECT_EQ(error_code([&] { slow.answer(job()); }), "provider_timeout");

  o.base_url = "http://127.0.0.1:1/v1";
  OpenAiVision gone(o);
  EXPECT_EQ(error_code([&] { gone.answer(job()); }), "provider_unreachable");
}

TEST(OpenAiVision, MalformedAnswerIsAnError) {
  FakeUpstream up;
  up.on(http::Verb::post, "/v1/chat/completions", [](const http::Request& req) {
    return FakeUpstream::json(req, http::Status::ok, R"({"choices":[]})");
  });
  up.start();
  OpenAiVision engine(options(up));
  EXPECT_EQ(error_code([&] { engine.answer(job()); }), "provider_bad_response");
}

TEST(OpenAiVision, StreamsServerSentEvents) {
  FakeUpstream up;
  up.on(http::Verb::post, "/v1/chat/completions", [](const http::Request& req) {
    std::string sse =
        "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n"
        "data: {\"choices\":[{\"delta\":{\"content\":\"A red \"}}]}\n\n"
        "data: {\"choices\":[{\"delta\":{\"content\":\"bicycle.\"}}]}\n\n"
        "data: [DONE]\n\n";
    return http::make_response(req, http::Status::ok, "text/event-stream", sse);
  });
  up.start();
  OpenAiVision engine(options(up));
  std::vector<std::string> pieces;
  auto r = engine.answer_streaming(job(), [&](std::string_view d) { pieces.emplace_back(d); });
  EXPECT_EQ(r.content, "A red bicycle.");
  EXPECT_EQ(pieces, (std::vector<std::string>{"A red ", "bicycle."}));
  EXPECT_TRUE(json::parse(up.requests().at(0).body()).at("stream").as_bool());
}

}  // namespace
}  // namespace l402d::providers
