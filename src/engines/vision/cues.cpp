#include "engines/vision/cues.hpp"

#include <algorithm>

#include "engines/vision/coco_labels.hpp"

namespace l402d::engines::vision {

int Cues::confident_count(int cls) const {
  return static_cast<int>(std::count_if(objects.begin(), objects.end(), [&](const Detection& d) {
    return d.cls == cls && d.score >= confident_score(cls);
  }));
}

int Cues::people_count() const {
  const auto f = static_cast<int>(faces.size());
  const auto b = static_cast<int>(bodies.size());
  return std::max({f, b, confident_count(kPersonClass)});
}

}  // namespace l402d::engines::vision
