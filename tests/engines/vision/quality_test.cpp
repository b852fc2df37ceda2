#include "engines/vision/quality.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "vision_fixtures.hpp"

namespace l402d::engines::vision {
namespace {

using testing::load_fixture;

cv::Mat blurred(const cv::Mat& m, double sigma) {
  cv::Mat out;
  cv::GaussianBlur(m, out, cv::Size(), sigma);
  return out;
}

TEST(Quality, PhotosAreSharpAndNormallyExposed) {
  for (const std::string name : {"astronaut.jpg", "chelsea.jpg", "coffee.jpg", "rocket.jpg"}) {
    SCOPED_TRACE(name);
    const auto q = measure_quality(load_fixture(name));
    std::printf("[ figures  ] %s: brightness %.2f contrast %.2f saturation %.2f sharpness %.0f\n",
                name.c_str(), q.brightness, q.contrast, q.saturation, q.sharpness);
    EXPECT_NE(q.focus, Focus::blurry);
    EXPECT_NE(q.exposure, Exposure::very_dark);
  }
  EXPECT_EQ(measure_quality(load_fixture("astronaut.jpg")).focus, Focus::sharp);
}

TEST(Quality, BlurredCopiesAreBlurry) {
  for (const std::string name : {"astronaut.jpg", "chelsea.jpg", "coffee.jpg", "rocket.jpg"}) {
    SCOPED_TRACE(name);
    const cv::Mat img = load_fixture(name);
    const double sigma = std::max(img.cols, img.rows) / 100.0;  // same blur at any size
    const auto q = measure_quality(blurred(img, sigma));
    std::printf("[ figures  ] %s blurred sigma %.1f: sharpness %.1f\n", name.c_str(), sigma,
                q.sharpness);
    EXPECT_EQ(q.focus, Focus::blurry);
  }
}

TEST(Quality, FocusVerdictDoesNotDependOnResolution) {
  const cv::Mat img = load_fixture("astronaut.jpg");
  cv::Mat big;
  cv::resize(img, big, cv::Size(2048, 2048), 0, 0, cv::INTER_CUBIC);
  EXPECT_EQ(measure_quality(big).focus, measure_quality(img).focus);
  EXPECT_EQ(measure_quality(blurred(big, 20)).focus, Focus::blurry);
}

TEST(Quality, DarkAndBrightCopies) {
  const cv::Mat img = load_fixture("coffee.jpg");
  const cv::Mat dark = img * 0.15;
  const auto qd = measure_quality(dark);
  EXPECT_EQ(qd.exposure, Exposure::very_dark);
  // Darkness is not blur.
  EXPECT_NE(qd.focus, Focus::blurry);
  cv::Mat bright;
  img.convertTo(bright, -1, 0.5, 150);
  const auto qb = measure_quality(bright);
  EXPECT_TRUE(qb.exposure == Exposure::bright || qb.exposure == Exposure::very_bright);
  EXPECT_EQ(measure_quality(img).exposure, Exposure::normal);
}

TEST(Quality, FlatImageIsTooPlainToJudge) {
  const cv::Mat grey(300, 400, CV_8UC3, cv::Scalar(120, 120, 120));
  const auto q = measure_quality(grey);
  EXPECT_EQ(q.focus, Focus::too_plain);
  EXPECT_LT(q.saturation, 0.01);
}

}  // namespace
}  // namespace l402d::engines::vision
