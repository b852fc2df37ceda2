#include "engines/vision/colors.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace l402d::engines::vision {

namespace {

struct Lab {
  double l, a, b;
};

double linear(double c) {
  c /= 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

Lab to_lab(double r8, double g8, double b8) {
  const double r = linear(r8), g = linear(g8), b = linear(b8);
  // sRGB to XYZ (D65), normalised by the white point.
  const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
  const double fx = f(x), fy = f(y), fz = f(z);
  return {116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
}

struct Entry {
  const char* name;
  int r, g, b;
};

// Everyday names only: a buyer asking "what colours?" wants "navy blue", not
// "Prussian blue". Several anchors per name cover the name's range.
constexpr std::array<Entry, 44> kTable{{
    {"black", 0, 0, 0},
    {"black", 25, 25, 25},
    {"dark grey", 70, 70, 70},
    {"grey", 128, 128, 128},
    {"light grey", 190, 190, 190},
    {"white", 245, 245, 245},
    {"white", 255, 255, 255},
    {"red", 255, 0, 0},
    {"red", 200, 30, 30},
    {"dark red", 130, 10, 10},
    {"orange", 255, 140, 0},
    {"orange", 240, 120, 40},
    {"yellow", 255, 235, 0},
    {"yellow", 240, 220, 80},
    {"gold", 212, 175, 55},
    {"olive", 128, 128, 0},
    {"green", 0, 200, 0},
    {"green", 40, 160, 40},
    {"dark green", 0, 90, 0},
    {"dark green", 30, 70, 40},
    {"light green", 150, 230, 130},
    {"teal", 0, 128, 128},
    {"cyan", 0, 230, 230},
    {"turquoise", 64, 224, 208},
    {"sky blue", 135, 200, 235},
    {"light blue", 180, 215, 240},
    {"blue", 0, 0, 255},
    {"blue", 30, 90, 210},
    {"blue", 60, 110, 180},
    {"navy blue", 0, 0, 128},
    {"navy blue", 25, 35, 80},
    {"purple", 128, 0, 128},
    {"purple", 110, 60, 160},
    {"violet", 150, 90, 220},
    {"lavender", 200, 180, 235},
    {"magenta", 255, 0, 255},
    {"pink", 255, 160, 200},
    {"pink", 240, 120, 160},
    {"brown", 140, 80, 30},
    {"brown", 110, 70, 50},
    {"dark brown", 70, 40, 20},
    {"tan", 210, 180, 140},
    {"beige", 235, 220, 190},
    {"salmon", 250, 128, 114},
}};

const std::array<Lab, kTable.size()>& table_lab() {
  static const auto labs = [] {
    std::array<Lab, kTable.size()> out{};
    for (std::size_t i = 0; i < kTable.size(); ++i)
      out[i] = to_lab(kTable[i].r, kTable[i].g, kTable[i].b);
    return out;
  }();
  return labs;
}

}  // namespace

std::string color_name(cv::Vec3b bgr) {
  const Lab c = to_lab(bgr[2], bgr[1], bgr[0]);
  const auto& labs = table_lab();
  double best = std::numeric_limits<double>::max();
  std::size_t best_i = 0;
  for (std::size_t i = 0; i < labs.size(); ++i) {
    const double d =
        std::pow(c.l - labs[i].l, 2) + std::pow(c.a - labs[i].a, 2) + std::pow(c.b - labs[i].b, 2);
    if (d < best) {
      best = d;
      best_i = i;
    }
  }
  return kTable[best_i].name;
}

std::vector<NamedColor> dominant_colors(const cv::Mat& bgr, double min_share) {
  std::vector<NamedColor> out;
  if (bgr.empty()) return out;
  // 80x80 samples are plenty for proportions and keep k-means under a millisecond or two.
  cv::Mat thumb;
  cv::resize(bgr, thumb, cv::Size(80, 80), 0, 0, cv::INTER_AREA);
  cv::Mat samples;
  thumb.reshape(1, thumb.cols * thumb.rows).convertTo(samples, CV_32F);

  constexpr int kClusters = 6;
  cv::Mat labels, centers;
  // k-means++ seeding draws from the thread's RNG; a fixed seed keeps answers
  // identical for identical images.
  cv::RNG& rng = cv::theRNG();
  const cv::RNG saved = rng;
  rng.state = 0x5eed5eedULL;
  cv::kmeans(samples, kClusters, labels,
             cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 30, 0.5), 3,
             cv::KMEANS_PP_CENTERS, centers);
  rng = saved;

  std::array<int, kClusters> counts{};
  for (int i = 0; i < labels.rows; ++i)
    ++counts[static_cast<std::size_t>(labels.at<int>(i))];
  std::map<std::string, NamedColor> merged;
  for (int k = 0; k < kClusters; ++k) {
    const cv::Vec3b c(cv::saturate_cast<uchar>(centers.at<float>(k, 0)),
                      cv::saturate_cast<uchar>(centers.at<float>(k, 1)),
                      cv::saturate_cast<uchar>(centers.at<float>(k, 2)));
    const double share = static_cast<double>(counts[static_cast<std::size_t>(k)]) / labels.rows;
    auto& m = merged[color_name(c)];
    if (share > m.share) m.bgr = c;  // the larger cluster represents the name
    m.share += share;
  }
  for (auto& [name, c] : merged) {
    c.name = name;
    if (c.share >= min_share) out.push_back(c);
  }
  std::sort(out.begin(), out.end(), [](const NamedColor& a, const NamedColor& b) {
    return a.share != b.share ? a.share > b.share : a.name < b.name;
  });
  return out;
}

}  // namespace l402d::engines::vision
