#include "engines/vision/geometry.hpp"

#include <array>
#include <cmath>

namespace l402d::engines::vision {

Geometry measure_geometry(int width, int height) {
  Geometry g;
  g.width = width;
  g.height = height;
  if (width <= 0 || height <= 0) return g;
  g.aspect = static_cast<double>(width) / height;
  g.megapixels = static_cast<double>(width) * height / 1e6;
  if (std::abs(g.aspect - 1.0) <= 0.03)
    g.orientation = Orientation::square;
  else
    g.orientation = width > height ? Orientation::landscape : Orientation::portrait;

  struct Ratio {
    int a, b;
  };
  static constexpr std::array<Ratio, 9> kRatios{
      {{1, 1}, {5, 4}, {4, 3}, {3, 2}, {16, 10}, {16, 9}, {2, 1}, {21, 9}, {3, 1}}};
  const double r = g.aspect >= 1.0 ? g.aspect : 1.0 / g.aspect;
  double best = 0.02;  // relative tolerance
  for (const auto& q : kRatios) {
    const double err = std::abs(r - static_cast<double>(q.a) / q.b) / r;
    if (err <= best) {
      best = err;
      g.aspect_label = g.aspect >= 1.0 ? std::to_string(q.a) + ":" + std::to_string(q.b)
                                       : std::to_string(q.b) + ":" + std::to_string(q.a);
    }
  }
  return g;
}

std::string orientation_name(Orientation o) {
  switch (o) {
    case Orientation::landscape:
      return "landscape";
    case Orientation::portrait:
      return "portrait";
    case Orientation::square:
      return "square";
  }
  return "";
}

}  // namespace l402d::engines::vision
