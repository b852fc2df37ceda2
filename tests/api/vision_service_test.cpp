#include "api/vision_service.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <mutex>

#include "support/temp_dir.hpp"

namespace l402d::api {
namespace {

namespace json = boost::json;

// An engine that answers in three pieces, as a hosted model streams tokens.
class PiecesEngine : public engines::VisionEngine {
 public:
  std::string name() const override { return "pieces"; }
  engines::VisionResult answer(const engines::VisionJob&) override {
    ++whole;
    return {"A cat sat."};
  }
  engines::VisionResult answer_streaming(const engines::VisionJob&,
                                         const engines::TextSink& sink) override {
    ++streamed;
    for (const char* piece : {"A", " cat", " sat."})
      sink(piece);
    return {"A cat sat."};
  }
  std::atomic<int> whole{0};
  std::atomic<int> streamed{0};
};

struct Fixture {
  Fixture() : media(dir.path() / "media", std::chrono::hours(1)) {}
  gateway::PaidOutcome run(http::Exchange& ex) {
    auto service = vision_service(engine, {workers, media, [] { return std::string("http://x"); }},
                                  {21, 60}, {});
    boost::asio::io_context io;
    auto done = boost::asio::co_spawn(io, service.run(ex), boost::asio::use_future);
    io.run();
    return done.get();
  }
  l402d::testing::TempDir dir{"l402d-vision-service"};
  http::WorkerPool workers{1, 4};
  store::MediaStore media;
  std::shared_ptr<PiecesEngine> engine = std::make_shared<PiecesEngine>();
};

http::Exchange job_exchange() {
  http::Exchange ex;
  ex.attachment = engines::VisionJob{{}, "image/png", 1, 1, "What is it?"};
  return ex;
}

TEST(VisionService, AnAnswerAskedAsEventsGoesOutPieceByPiece) {
  Fixture f;
  auto ex = job_exchange();
  std::mutex m;
  std::vector<std::pair<std::string, std::string>> events;
  ex.events = [&](std::string_view event, std::string data) {
    std::lock_guard lock(m);
    events.emplace_back(std::string(event), std::move(data));
  };
  auto outcome = f.run(ex);
  ASSERT_EQ(events.size(), 3U);
  EXPECT_EQ(events[0].first, "delta");
  EXPECT_EQ(json::parse(events[1].second).at("text"), " cat");
  const auto& result = std::get<paywall::WorkResult>(outcome);
  EXPECT_EQ(json::parse(result.body).at("content"), "A cat sat.");
  EXPECT_EQ(f.engine->streamed.load(), 1);
  EXPECT_EQ(f.engine->whole.load(), 0);
}

TEST(VisionService, WithoutEventsTheEngineAnswersWhole) {
  Fixture f;
  auto ex = job_exchange();
  auto outcome = f.run(ex);
  EXPECT_EQ(json::parse(std::get<paywall::WorkResult>(outcome).body).at("content"), "A cat sat.");
  EXPECT_EQ(f.engine->whole.load(), 1);
  EXPECT_EQ(f.engine->streamed.load(), 0);
}

}  // namespace
}  // namespace l402d::api
