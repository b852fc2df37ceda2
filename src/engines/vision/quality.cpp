#include "engines/vision/quality.hpp"

#include <algorithm>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace l402d::engines::vision {

namespace {
constexpr int kWorkLongSide = 512;
}

Quality measure_quality(const cv::Mat& bgr) {
  Quality q;
  if (bgr.empty()) return q;
  const double f = static_cast<double>(kWorkLongSide) / std::max(bgr.cols, bgr.rows);
  cv::Mat work;
  cv::resize(bgr, work, cv::Size(), f, f, f < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::Mat gray, hsv;
  cv::cvtColor(work, gray, cv::COLOR_BGR2GRAY);
  cv::cvtColor(work, hsv, cv::COLOR_BGR2HSV);

  cv::Scalar mean, stddev;
  cv::meanStdDev(gray, mean, stddev);
  q.brightness = mean[0] / 255.0;
  q.contrast = stddev[0] / 255.0;
  q.saturation = cv::mean(hsv)[1] / 255.0;
  const double n = static_cast<double>(gray.total());
  q.dark_fraction = cv::countNonZero(gray < 26) / n;
  q.bright_fraction = cv::countNonZero(gray > 235) / n;

  cv::Mat lap;
  cv::Laplacian(gray, lap, CV_64F);
  cv::meanStdDev(lap, mean, stddev);
  q.sharpness = stddev[0] * stddev[0];

  if (q.brightness < 0.15)
    q.exposure = Exposure::very_dark;
  else if (q.brightness < 0.3)
    q.exposure = Exposure::dark;
  else if (q.brightness > 0.88 || q.bright_fraction > 0.6)
    q.exposure = Exposure::very_bright;
  else if (q.brightness > 0.72)
    q.exposure = Exposure::bright;

  // A Laplacian is small both for blur and for flat content (a wall, the sky);
  // only judge focus when there is contrast to lose.
  if (q.contrast < 0.04)
    q.focus = Focus::too_plain;
  else if (q.sharpness < 40.0)
    q.focus = Focus::blurry;
  else if (q.sharpness < 120.0)
    q.focus = Focus::slightly_soft;
  else
    q.focus = Focus::sharp;
  return q;
}

}  // namespace l402d::engines::vision
