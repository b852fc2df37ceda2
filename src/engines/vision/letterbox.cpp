#include "engines/vision/letterbox.hpp"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>

namespace l402d::engines::vision {

cv::Rect Letterbox::to_source(const cv::Rect2f& r) const {
  const auto x0 = static_cast<int>(std::lround(r.x / scale));
  const auto y0 = static_cast<int>(std::lround(r.y / scale));
  const auto x1 = static_cast<int>(std::lround((r.x + r.width) / scale));
  const auto y1 = static_cast<int>(std::lround((r.y + r.height) / scale));
  return cv::Rect(cv::Point(x0, y0), cv::Point(x1, y1)) &
         cv::Rect(0, 0, source.width, source.height);
}

Letterbox letterbox(const cv::Mat& src, int size, const cv::Scalar& fill) {
  Letterbox lb;
  lb.source = src.size();
  lb.scale = static_cast<double>(size) / std::max(src.cols, src.rows);
  const int w = std::max(1, static_cast<int>(std::lround(src.cols * lb.scale)));
  const int h = std::max(1, static_cast<int>(std::lround(src.rows * lb.scale)));
  lb.image = cv::Mat(size, size, src.type(), fill);
  cv::Mat roi = lb.image(cv::Rect(0, 0, std::min(w, size), std::min(h, size)));
  cv::resize(src, roi, roi.size(), 0, 0, lb.scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
  return lb;
}

}  // namespace l402d::engines::vision
