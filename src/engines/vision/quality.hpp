#pragma once

// Exposure and focus. Every figure is computed on a fixed-size working copy so
// the same scene gives the same numbers at 0.3 MP and at 12 MP.

#include <opencv2/core/mat.hpp>
#include <string>

namespace l402d::engines::vision {

enum class Exposure { very_dark, dark, normal, bright, very_bright };
enum class Focus { sharp, slightly_soft, blurry, too_plain };  // too_plain: no detail to judge

struct Quality {
  double brightness = 0.0;       // mean luminance, 0-1
  double contrast = 0.0;         // luminance standard deviation, 0-1 (photos: 0.15-0.3)
  double saturation = 0.0;       // mean HSV saturation, 0-1
  double sharpness = 0.0;        // Laplacian variance at 512 px long side (sharp photos: > 150)
  double dark_fraction = 0.0;    // pixels with luminance below 10 %
  double bright_fraction = 0.0;  // pixels above 92 %
  Exposure exposure = Exposure::normal;
  Focus focus = Focus::sharp;
};

Quality measure_quality(const cv::Mat& bgr);

}  // namespace l402d::engines::vision
