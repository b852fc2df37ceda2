#pragma once

// Dominant colours: k-means over a thumbnail, each centre named after the
// nearest entry of a colour-name table in CIELAB (where distance follows what
// people perceive), clusters with the same name merged.

#include <opencv2/core/mat.hpp>
#include <string>
#include <vector>

namespace l402d::engines::vision {

struct NamedColor {
  std::string name;    // "navy blue", "light grey", ...
  double share = 0.0;  // fraction of the picture, 0-1
  cv::Vec3b bgr;       // the cluster centre
};

// Most prominent first; only colours covering at least `min_share`.
std::vector<NamedColor> dominant_colors(const cv::Mat& bgr, double min_share = 0.06);

// The name of one sRGB colour (exposed for tests and for describing regions).
std::string color_name(cv::Vec3b bgr);

}  // namespace l402d::engines::vision
