#include "engines/lazy_engines.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace l402d::engines {
namespace {

class EchoVision final : public VisionEngine {
 public:
  std::string name() const override { return "echo"; }
  VisionResult answer(const VisionJob& job) override { return {job.prompt}; }
};

class SilentMusic final : public MusicEngine {
 public:
  std::string name() const override { return "silent"; }
  using MusicEngine::compose;
  MusicResult compose(const MusicJob& job) override {
    MusicResult r;
    r.summary = job.prompt;
    return r;
  }
};

TEST(LazyEngines, BuildTheEngineOnTheFirstJobOnly) {
  int built = 0;
  LazyVisionEngine vision("builtin", [&built] {
    ++built;
    return std::make_unique<EchoVision>();
  });
  EXPECT_EQ(vision.name(), "builtin");
  EXPECT_FALSE(vision.loaded());
  EXPECT_EQ(built, 0);
  VisionJob job;
  job.prompt = "hello";
  EXPECT_EQ(vision.answer(job).content, "hello");
  std::string streamed;
  EXPECT_EQ(vision.answer_streaming(job, [&](std::string_view d) { streamed += d; }).content,
            "hello");
  EXPECT_EQ(streamed, "hello");
  EXPECT_TRUE(vision.loaded());
  EXPECT_EQ(built, 1);

  LazyMusicEngine music("builtin", [] { return std::make_unique<SilentMusic>(); });
  MusicJob song;
  song.prompt = "pop";
  EXPECT_EQ(music.compose(song, [](std::string_view, int) {}).summary, "pop");
  EXPECT_TRUE(music.loaded());
}

// The paywall keeps the token redeemable on a retryable EngineError; a load
// failure must reach it as one, and the next job tries the load again.
TEST(LazyEngines, AFailedLoadIsARetryableEngineUnavailable) {
  int attempts = 0;
  LazyVisionEngine vision("builtin", [&attempts]() -> std::unique_ptr<VisionEngine> {
    if (++attempts == 1) throw std::runtime_error("vision: cannot load cascade /x.xml");
    return std::make_unique<EchoVision>();
  });
  try {
    vision.answer({});
    FAIL() << "expected an EngineError";
  } catch (const EngineError& e) {
    EXPECT_EQ(e.code(), "engine_unavailable");
    EXPECT_TRUE(e.retryable());
    EXPECT_NE(std::string(e.what()).find("cannot load cascade"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(vision.loaded());
  VisionJob job;
  job.prompt = "again";
  EXPECT_EQ(vision.answer(job).content, "again");
  EXPECT_EQ(attempts, 2);
}

}  // namespace
}  // namespace l402d::engines
