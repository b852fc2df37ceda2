#pragma once

// Size and shape of the picture as the buyer sent it.

#include <string>

namespace l402d::engines::vision {

enum class Orientation { landscape, portrait, square };

struct Geometry {
  int width = 0;
  int height = 0;
  Orientation orientation = Orientation::square;
  double aspect = 1.0;       // width / height
  std::string aspect_label;  // "4:3", "16:9", ... or "" when no common ratio is near
  double megapixels = 0.0;
};

// Within 3 % of equal sides counts as square: phones crop "square" photos loosely.
Geometry measure_geometry(int width, int height);

std::string orientation_name(Orientation o);

}  // namespace l402d::engines::vision
