// End-to-end: the real l402d binary over real HTTP, as a buyer with curl would
// use it, following the seed pages step by step.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "net/http_client.hpp"
#include "support/e2e_fixture.hpp"
#include "support/fake_upstream.hpp"

namespace l402d {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

class EndToEnd : public testing::EndToEndTest {};

using testing::image_request;

TEST_F(EndToEnd, VisionSeedFlowWithCurlStyleRequests) {
  start();
  auto body = image_request("How many faces are in this image?");
  auto challenge = post("/api/l402/vision", body);
  ASSERT_EQ(challenge.status, 402) << challenge.body;
  auto www = std::string(challenge.header("www-authenticate"));
  EXPECT_EQ(www.rfind("L402 macaroon=\"", 0), 0U);
  auto auth = pay(challenge);
  auto answer = post("/api/l402/vision", body, auth);
  ASSERT_EQ(answer.status, 200) << answer.body;
  auto content = std::string(json::parse(answer.body).at("content").as_string());
  EXPECT_NE(content.find("one"), std::string::npos) << content;
  // The client lost the answer: the same credential and request get it again.
  auto again = post("/api/l402/vision", body, auth);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, answer.body);
  // The same credential for another request is not accepted.
  auto other = post("/api/l402/vision", image_request("What colours are there?"), auth);
  EXPECT_EQ(other.status, 402);
  EXPECT_EQ(json::parse(other.body).at("error").at("code").as_string(), "caveat_request");
}

TEST_F(EndToEnd, MusicSeedFlowGivesAPlayableMp3) {
  start();
  const std::string body =
      R"({"prompt":"upbeat pop song about summer vibes","lyrics":"Walking on the beach, sun is shining bright, every day feels right","model":"Music Generation","sample_rate":44100,"bitrate":256000,"audio_format":"mp3"})";
  auto challenge = post("/api/l402/music", body);
  ASSERT_EQ(challenge.status, 402) << challenge.body;
  auto auth = pay(challenge);
  auto song = post("/api/l402/music", body, auth);
  ASSERT_EQ(song.status, 200) << song.body;
  auto url = std::string(json::parse(song.body).at("audioUrl").as_string());
  ASSERT_EQ(url.rfind(server_->url("/media/"), 0), 0U) << url;
  auto file = get(url.substr(server_->url().size()));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.header("content-type"), "audio/mpeg");
  auto path = dir_.string() + ".mp3";
  std::ofstream(path, std::ios::binary) << file.body;
  if (fs::exists("/usr/bin/ffprobe")) {
    std::string cmd =
        "ffprobe -v error -show_entries stream=codec_name,sample_rate,bit_rate -of "
        "csv=p=0 " +
        path + " > " + path + ".txt";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    std::ifstream in(path + ".txt");
    std::string facts;
    std::getline(in, facts);
    EXPECT_EQ(facts, "mp3,44100,256000");
    fs::remove(path + ".txt");
  }
  fs::remove(path);
  // Players seek: a byte range of the file.
  net::HttpRequest range;
  range.url = url;
  range.headers = {{"Range", "bytes=0-99"}};
  auto part = net::perform(range);
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body.size(), 100U);
  // Replaying the paid request returns the same link, with no second song.
  auto again = post("/api/l402/music", body, auth);
  EXPECT_EQ(again.body, song.body);
}

TEST_F(EndToEnd, BadInputIsRefusedBeforeAnyInvoice) {
  start();
  auto r = post("/api/l402/vision", R"({"image":"not base64!!","model":"Vision Chat"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body).at("error").at("code").as_string(), "image_not_base64");
  EXPECT_TRUE(r.header("www-authenticate").empty());
  auto m = post("/api/l402/vision", R"({"image":"iVBORw0KGgo=","model":"GPT"})");
  EXPECT_EQ(m.status, 400);
  EXPECT_EQ(json::parse(m.body).at("error").at("code").as_string(), "unsupported_model");
}

TEST_F(EndToEnd, APaidTokenSurvivesKillNineRightAfterTheChallenge) {
  start();
  auto body = image_request("What colours are in this image?");
  auto challenge = post("/api/l402/vision", body);
  ASSERT_EQ(challenge.status, 402);
  server_->kill(SIGKILL);  // the challenge went out; the server dies at once
  server_->start();
  auto auth = pay(challenge);
  auto answer = post("/api/l402/vision", body, auth);
  EXPECT_EQ(answer.status, 200) << answer.body;
}

// The builtin engine's sentences as server-sent events, the body flag asking
// for them; the answer is kept, so the identical request replays it as JSON.
TEST_F(EndToEnd, AVisionAnswerStreamsAsServerSentEvents) {
  start();
  auto body = json::parse(image_request("What objects are in this image?")).as_object();
  body["stream"] = true;
  const auto text = json::serialize(body);
  auto challenge = post("/api/l402/vision", text);
  ASSERT_EQ(challenge.status, 402);
  const auto auth = pay(challenge);
  auto streamed = post("/api/l402/vision", text, auth);
  ASSERT_EQ(streamed.status, 200) << streamed.body;
  EXPECT_EQ(streamed.header("content-type"), "text/event-stream");
  std::string joined;
  std::string result;
  std::size_t pos = 0;
  while ((pos = streamed.body.find("event: ", pos)) != std::string::npos) {
    const auto name_end = streamed.body.find('\n', pos);
    const auto name = streamed.body.substr(pos + 7, name_end - pos - 7);
    const auto data_end = streamed.body.find('\n', name_end + 1);
    const auto data = streamed.body.substr(name_end + 7, data_end - name_end - 7);
    if (name == "delta") joined += json::parse(data).at("text").as_string();
    if (name == "result") result = data;
    pos = data_end;
  }
  ASSERT_FALSE(result.empty()) << streamed.body;
  EXPECT_EQ(json::parse(result).at("content").as_string(), joined);
  auto again = post("/api/l402/vision", text, auth);
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.header("content-type"), "application/json");
  EXPECT_EQ(json::parse(again.body), json::parse(result));
}

TEST_F(EndToEnd, DiscoveryHealthAndMetrics) {
  start();
  auto openapi = get("/api/openapi.json");
  EXPECT_EQ(openapi.status, 200);
  EXPECT_TRUE(json::parse(openapi.body).at("paths").as_object().contains("/api/l402/vision"));
  auto wk = get("/.well-known/l402-services");
  EXPECT_EQ(wk.status, 200);
  EXPECT_EQ(get("/healthz").status, 200);
  post("/api/l402/vision", R"({"model":"Vision Chat"})");
  // Requests are counted once their response is written, so a scrape may run
  // just before the count of the request it follows: poll briefly.
  const std::string counted = "l402d_requests_total{route=\"/api/l402/vision\",status=\"400\"} 1";
  auto metrics = get("/metrics");
  for (int i = 0; i < 100 && metrics.body.find(counted) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    metrics = get("/metrics");
  }
  EXPECT_NE(metrics.body.find(counted), std::string::npos) << metrics.body;
  EXPECT_EQ(get("/nope").status, 404);
}

TEST_F(EndToEnd, EngineFailureKeepsThePaymentAndARetrySucceeds) {
  // The vision model is an OpenAI-compatible server that fails once.
  testing::FakeUpstream model;
  std::atomic<int> calls{0};
  model.on(http::Verb::post, "/v1/chat/completions", [&](const http::Request& req) {
    if (++calls == 1) {
      return testing::FakeUpstream::json(req, http::Status::unauthorized,
                                         R"({"error":{"message":"bad key"}})");
    }
    return testing::FakeUpstream::json(
        req, http::Status::ok,
        R"({"choices":[{"message":{"role":"assistant","content":"An astronaut."}}]})");
  });
  model.start();
  fs::create_directories(dir_);
  auto config = dir_.string() + ".toml";
  std::ofstream(config) << "[services.vision]\nengine = \"openai\"\nbase_url = \""
                        << model.url("/v1") << "\"\n";
  start({"--config", config});
  auto body = image_request("What is this?");
  auto auth = pay(post("/api/l402/vision", body));
  auto failed = post("/api/l402/vision", body, auth);
  EXPECT_EQ(failed.status, 502) << failed.body;
  EXPECT_EQ(json::parse(failed.body).at("error").at("code").as_string(), "provider_auth");
  auto retry = post("/api/l402/vision", body, auth);
  EXPECT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(json::parse(retry.body).at("content").as_string(), "An astronaut.");
  EXPECT_EQ(calls, 2);
  fs::remove(config);
}

TEST_F(EndToEnd, APaidTokenRedeemsAfterARestartBetweenPaymentAndRedemption) {
  start();
  auto body = image_request("What colours are in this image?");
  auto auth = pay(post("/api/l402/vision", body));
  server_->kill(SIGTERM);
  server_->start();
  auto answer = post("/api/l402/vision", body, auth);
  EXPECT_EQ(answer.status, 200) << answer.body;
}

TEST_F(EndToEnd, GracefulStopOnSigterm) {
  start();
  int status = server_->kill(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(server_->log().find("stopped"), std::string::npos);
}

}  // namespace
}  // namespace l402d
