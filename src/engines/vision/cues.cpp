#include "engines/vision/cues.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "engines/vision/coco_labels.hpp"

namespace l402d::engines::vision {

namespace {

constexpr float kConfident = 0.5f;
constexpr float kConfidentPerson = 0.6f;
constexpr float kConfidentShapeless = 0.65f;
// COCO-80 indices (coco_labels.cpp).
constexpr std::array<int, 9> kShapeless{74 /* clock */,   49 /* orange */, 47 /* apple */,
                                        45 /* bowl */,    54 /* donut */,  53 /* pizza */,
                                        29 /* frisbee */, 59 /* bed */,    60 /* dining table */};
constexpr std::array<std::array<int, 3>, 1> kConfusable{
    {{17 /* horse */, 19 /* cow */, 18 /* sheep */}}};

int group_of(int cls) {
  for (std::size_t g = 0; g < kConfusable.size(); ++g)
    if (std::find(kConfusable[g].begin(), kConfusable[g].end(), cls) != kConfusable[g].end())
      return static_cast<int>(g);
  return -1;
}

bool overlaps(const cv::Rect& a, const cv::Rect& b) {
  const double inter = (a & b).area();
  return inter > 0.5 * std::min(a.area(), b.area());
}

}  // namespace

float confident_score(int cls) {
  if (cls == kPersonClass) return kConfidentPerson;
  if (std::find(kShapeless.begin(), kShapeless.end(), cls) != kShapeless.end())
    return kConfidentShapeless;
  return kConfident;
}

void settle_confusions(std::vector<Detection>& objects) {
  for (std::size_t g = 0; g < kConfusable.size(); ++g) {
    std::map<int, double> evidence;
    for (const auto& d : objects)
      if (group_of(d.cls) == static_cast<int>(g))
        evidence[d.cls] += static_cast<double>(d.score) * d.box.area();
    if (evidence.size() < 2) continue;
    const int winner = std::max_element(evidence.begin(), evidence.end(), [](auto& a, auto& b) {
                         return a.second < b.second;
                       })->first;
    for (auto& d : objects)
      if (group_of(d.cls) == static_cast<int>(g)) d.cls = winner;
  }
  // Two classes' boxes on one animal are now two boxes of one class: keep the
  // stronger (objects come strongest first).
  std::vector<Detection> kept;
  for (const auto& d : objects) {
    const bool duplicate = std::any_of(kept.begin(), kept.end(), [&](const Detection& k) {
      const double inter = (d.box & k.box).area();
      return k.cls == d.cls && inter / (d.box.area() + k.box.area() - inter) > 0.5;
    });
    if (!duplicate) kept.push_back(d);
  }
  objects = std::move(kept);
}

int Cues::confident_count(int cls) const {
  return static_cast<int>(std::count_if(objects.begin(), objects.end(), [&](const Detection& d) {
    return d.cls == cls && d.score >= confident_score(cls);
  }));
}

int Cues::people_count() const {
  const auto f = static_cast<int>(faces.size());
  auto b = static_cast<int>(bodies.size());
  if (objects_available && computed.objects)
    b = static_cast<int>(std::count_if(bodies.begin(), bodies.end(), [&](const Body& body) {
      return std::any_of(objects.begin(), objects.end(), [&](const Detection& d) {
        return d.cls == kPersonClass && overlaps(d.box, body.box);
      });
    }));
  return std::max({f, b, confident_count(kPersonClass)});
}

}  // namespace l402d::engines::vision
