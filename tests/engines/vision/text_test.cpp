#include "engines/vision/text.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "vision_fixtures.hpp"

namespace l402d::engines::vision {
namespace {

using testing::shared_analyzer;

TextReading ocr(const cv::Mat& bgr) {
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  auto o = shared_analyzer().resources().ocr();
  return read_text(gray, *o);
}

TEST(Text, ReadsRenderedLinesExactly) {
  const auto t =
      ocr(testing::render_text({"The quick brown fox", "jumps over the lazy dog"}, 1000));
  EXPECT_EQ(t.text, "The quick brown fox\njumps over the lazy dog");
  EXPECT_GT(t.mean_confidence, 80.0f);
}

TEST(Text, ReadsSmallTextBySampling) {
  const auto t = ocr(testing::render_text({"Open daily from nine to five"}, 420, 22));
  EXPECT_EQ(t.text, "Open daily from nine to five");
}

TEST(Text, PhotographsWithoutTextHaveNone) {
  for (const std::string name : {"astronaut.jpg", "chelsea.jpg", "coffee.jpg", "rocket.jpg"}) {
    SCOPED_TRACE(name);
    const auto t = ocr(testing::load_fixture(name));
    EXPECT_FALSE(t.found()) << t.text;
  }
  EXPECT_FALSE(ocr(testing::render_shapes()).found());
}

}  // namespace
}  // namespace l402d::engines::vision
