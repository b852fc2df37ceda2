#pragma once

// Fits an image into a square network input without distorting it: scaled so
// the long side fits, placed top-left, the rest filled. Both detectors were
// trained on undistorted images, and a fixed input size is what OpenCV 4.6
// runs reliably.

#include <opencv2/core.hpp>

namespace l402d::engines::vision {

struct Letterbox {
  cv::Mat image;       // size x size, same type as the source
  double scale = 1.0;  // source pixels * scale = input pixels
  cv::Size source;

  // A rectangle in input pixels back in source pixels (clipped to the source).
  cv::Rect to_source(const cv::Rect2f& r) const;
};

Letterbox letterbox(const cv::Mat& src, int size, const cv::Scalar& fill);

}  // namespace l402d::engines::vision
