#include "engines/vision/analyzer.hpp"

#include <gtest/gtest.h>

#include <future>
#include <opencv2/imgproc.hpp>
#include <thread>

#include "engines/vision/builtin_engine.hpp"
#include "util/base64.hpp"
#include "vision_fixtures.hpp"

namespace l402d::engines::vision {
namespace {

using testing::as_decoded;
using testing::decode_fixture;
using testing::shared_analyzer;

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

TEST(Analyzer, CountsTheAstronaut) {
  const auto a = shared_analyzer().answer(decode_fixture("astronaut.jpg"), "How many people?");
  EXPECT_TRUE(contains(a, "I can see one person")) << a;
}

TEST(Analyzer, DescribesAPhotoWithoutInventingAnything) {
  for (const std::string name : {"chelsea.jpg", "coffee.jpg", "rocket.jpg"}) {
    const auto a = shared_analyzer().answer(decode_fixture(name), "What's in this image?");
    std::printf("[ answer   ] %s: %s\n", name.c_str(), a.c_str());
    EXPECT_FALSE(contains(a, "person")) << a;
    EXPECT_FALSE(contains(a, "people,")) << a;
    EXPECT_FALSE(contains(a, "reads")) << a;
  }
}

TEST(Analyzer, DescribesTheAstronaut) {
  const auto a = shared_analyzer().answer(decode_fixture("astronaut.jpg"), "");
  std::printf("[ answer   ] astronaut.jpg: %s\n", a.c_str());
  EXPECT_TRUE(contains(a, "The image shows a person")) << a;
  EXPECT_FALSE(contains(a, "astronaut")) << a;  // it cannot know that
}

TEST(Analyzer, ReadsText) {
  const cv::Mat img = testing::render_text({"Lightning invoices", "settle in seconds"}, 900);
  const auto a = shared_analyzer().answer(as_decoded(img), "What does the text say?");
  EXPECT_EQ(a, "The text reads: \"Lightning invoices settle in seconds\".");
  const auto none = shared_analyzer().answer(decode_fixture("coffee.jpg"), "What does it say?");
  EXPECT_EQ(none, "I can't find any readable text in this image.");
}

TEST(Analyzer, AnswersColourBlurDarkQrAndSize) {
  auto& an = shared_analyzer();
  const auto shapes = as_decoded(testing::render_shapes());
  const auto colours = an.answer(shapes, "What colours are in this picture?");
  EXPECT_TRUE(contains(colours, "The main colours are blue")) << colours;
  EXPECT_TRUE(contains(colours, "red")) << colours;
  EXPECT_TRUE(contains(colours, "yellow")) << colours;

  cv::Mat blurred;
  cv::GaussianBlur(testing::load_fixture("astronaut.jpg"), blurred, cv::Size(), 6);
  EXPECT_TRUE(contains(an.answer(as_decoded(blurred), "Is this photo blurry?"), "looks blurry"));
  EXPECT_TRUE(
      contains(an.answer(decode_fixture("astronaut.jpg"), "Is this photo blurry?"), "looks sharp"));

  const cv::Mat dark = testing::load_fixture("coffee.jpg") * 0.12;
  EXPECT_TRUE(contains(an.answer(as_decoded(dark), "Is it too dark?"), "very dark"));
  EXPECT_TRUE(contains(an.answer(decode_fixture("coffee.jpg"), "Is it too dark?"),
                       "lighting looks normal"));

  const auto qr = an.answer(as_decoded(testing::render_qr("https://example.com/pay")),
                            "What is in the QR code?");
  EXPECT_TRUE(contains(qr, "\"https://example.com/pay\"")) << qr;

  const auto size = an.answer(decode_fixture("rocket.jpg"), "What are the dimensions?");
  EXPECT_EQ(size,
            "The image is 640 x 427 pixels (0.3 megapixels), in landscape orientation, with a 3:2 "
            "aspect ratio.");
}

TEST(Analyzer, OutOfReachQuestionIsHonest) {
  const auto a = shared_analyzer().answer(decode_fixture("chelsea.jpg"), "What breed is this cat?");
  EXPECT_TRUE(contains(a, "can't answer that precisely")) << a;
  EXPECT_TRUE(contains(a, "vision model can be configured")) << a;
  EXPECT_FALSE(contains(a, "tabby")) << a;
}

TEST(Analyzer, OnlyRunsWhatTheQuestionNeeds) {
  const auto cues = shared_analyzer().analyze(decode_fixture("coffee.jpg"),
                                              needs_for(classify_prompt("Is it blurry?")));
  EXPECT_TRUE(cues.computed.quality);
  EXPECT_FALSE(cues.computed.text);
  EXPECT_FALSE(cues.computed.faces);
}

TEST(Analyzer, DeterministicAndSafeUnderConcurrency) {
  std::vector<DecodedImage> images = {decode_fixture("astronaut.jpg"), decode_fixture("coffee.jpg"),
                                      as_decoded(testing::render_text({"Hello world"}, 600))};
  std::vector<std::string> serial;
  for (const auto& img : images)
    serial.push_back(shared_analyzer().answer(img, ""));
  std::vector<std::future<std::string>> futures;
  for (int round = 0; round < 2; ++round)
    for (const auto& img : images)
      futures.push_back(
          std::async(std::launch::async, [&img] { return shared_analyzer().answer(img, ""); }));
  for (std::size_t i = 0; i < futures.size(); ++i)
    EXPECT_EQ(futures[i].get(), serial[i % images.size()]);
  EXPECT_LE(shared_analyzer().resources().ocr_instances(),
            shared_analyzer().options().resources.max_instances);
}

TEST(BuiltinEngine, AnswersJobsAndReportsImageErrors) {
  BuiltinVisionEngine engine;
  VisionJob job;
  job.image = testing::read_fixture("astronaut.jpg");
  job.prompt = "How many faces?";
  EXPECT_TRUE(contains(engine.answer(job).content, "one person"));
  job.image = {'n', 'o', 'p', 'e'};
  try {
    engine.answer(job);
    FAIL() << "expected EngineError";
  } catch (const EngineError& e) {
    EXPECT_EQ(e.code(), "image_unsupported_format");
    EXPECT_FALSE(e.retryable());
  }
}

}  // namespace
}  // namespace l402d::engines::vision
