#include "engines/vision/qr.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "vision_fixtures.hpp"

namespace l402d::engines::vision {
namespace {

using testing::shared_analyzer;

std::vector<std::string> qr_in(const cv::Mat& bgr) {
  auto d = shared_analyzer().resources().detectors();
  return read_qr_codes(bgr, *d);
}

TEST(Qr, DecodesARenderedCode) {
  const auto codes = qr_in(testing::render_qr("https://example.com/summer-sale"));
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0], "https://example.com/summer-sale");
}

TEST(Qr, DecodesACodePastedOnAPhoto) {
  cv::Mat photo = testing::load_fixture("coffee.jpg");
  const cv::Mat code = testing::render_qr("lnbc1 pay me", 5);
  code.copyTo(photo(cv::Rect(20, 20, code.cols, code.rows)));
  const auto codes = qr_in(photo);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0], "lnbc1 pay me");
}

TEST(Qr, NoCodeInPhotos) {
  for (const std::string name : {"astronaut.jpg", "chelsea.jpg", "coffee.jpg", "rocket.jpg"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(qr_in(testing::load_fixture(name)).empty());
  }
}

}  // namespace
}  // namespace l402d::engines::vision
