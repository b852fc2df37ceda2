#pragma once

// The 80 COCO classes NanoDet was trained on, in the model's output order
// (darknet's coco.names), with the words an answer uses for them.

#include <array>
#include <string_view>

namespace l402d::engines::vision {

struct CocoLabel {
  std::string_view one;   // "traffic light"
  std::string_view many;  // "traffic lights"
};

inline constexpr std::size_t kCocoClasses = 80;
inline constexpr int kPersonClass = 0;

const std::array<CocoLabel, kCocoClasses>& coco_labels();

// The class a word in a question names ("dogs", "a motorbike", "sofa",
// "couch", "tv"...), or -1.
int coco_class_for_word(std::string_view word);

}  // namespace l402d::engines::vision
