#include "engines/vision/coco_labels.hpp"

#include <utility>

namespace l402d::engines::vision {

const std::array<CocoLabel, kCocoClasses>& coco_labels() {
  // Darknet's spellings ("aeroplane", "pottedplant", "tvmonitor") become the
  // words a person would say.
  static constexpr std::array<CocoLabel, kCocoClasses> kLabels{{
      {"person", "people"},
      {"bicycle", "bicycles"},
      {"car", "cars"},
      {"motorbike", "motorbikes"},
      {"aeroplane", "aeroplanes"},
      {"bus", "buses"},
      {"train", "trains"},
      {"truck", "trucks"},
      {"boat", "boats"},
      {"traffic light", "traffic lights"},
      {"fire hydrant", "fire hydrants"},
      {"stop sign", "stop signs"},
      {"parking meter", "parking meters"},
      {"bench", "benches"},
      {"bird", "birds"},
      {"cat", "cats"},
      {"dog", "dogs"},
      {"horse", "horses"},
      {"sheep", "sheep"},
      {"cow", "cows"},
      {"elephant", "elephants"},
      {"bear", "bears"},
      {"zebra", "zebras"},
      {"giraffe", "giraffes"},
      {"backpack", "backpacks"},
      {"umbrella", "umbrellas"},
      {"handbag", "handbags"},
      {"tie", "ties"},
      {"suitcase", "suitcases"},
      {"frisbee", "frisbees"},
      {"pair of skis", "pairs of skis"},
      {"snowboard", "snowboards"},
      {"ball", "balls"},
      {"kite", "kites"},
      {"baseball bat", "baseball bats"},
      {"baseball glove", "baseball gloves"},
      {"skateboard", "skateboards"},
      {"surfboard", "surfboards"},
      {"tennis racket", "tennis rackets"},
      {"bottle", "bottles"},
      {"wine glass", "wine glasses"},
      {"cup", "cups"},
      {"fork", "forks"},
      {"knife", "knives"},
      {"spoon", "spoons"},
      {"bowl", "bowls"},
      {"banana", "bananas"},
      {"apple", "apples"},
      {"sandwich", "sandwiches"},
      {"orange", "oranges"},
      {"piece of broccoli", "pieces of broccoli"},
      {"carrot", "carrots"},
      {"hot dog", "hot dogs"},
      {"pizza", "pizzas"},
      {"donut", "donuts"},
      {"cake", "cakes"},
      {"chair", "chairs"},
      {"sofa", "sofas"},
      {"potted plant", "potted plants"},
      {"bed", "beds"},
      {"dining table", "dining tables"},
      {"toilet", "toilets"},
      {"television", "televisions"},
      {"laptop", "laptops"},
      {"computer mouse", "computer mice"},
      {"remote control", "remote controls"},
      {"keyboard", "keyboards"},
      {"mobile phone", "mobile phones"},
      {"microwave", "microwaves"},
      {"oven", "ovens"},
      {"toaster", "toasters"},
      {"sink", "sinks"},
      {"refrigerator", "refrigerators"},
      {"book", "books"},
      {"clock", "clocks"},
      {"vase", "vases"},
      {"pair of scissors", "pairs of scissors"},
      {"teddy bear", "teddy bears"},
      {"hair drier", "hair driers"},
      {"toothbrush", "toothbrushes"},
  }};
  return kLabels;
}

int coco_class_for_word(std::string_view word) {
  const auto& labels = coco_labels();
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (word == labels[i].one || word == labels[i].many) return static_cast<int>(i);
  // Other names people use for the same classes.
  static constexpr std::pair<std::string_view, int> kSynonyms[] = {
      {"people", 0},       {"persons", 0},        {"man", 0},          {"men", 0},
      {"woman", 0},        {"women", 0},          {"child", 0},        {"children", 0},
      {"kid", 0},          {"kids", 0},           {"boy", 0},          {"girl", 0},
      {"bike", 1},         {"bikes", 1},          {"motorcycle", 3},   {"motorcycles", 3},
      {"motorbike", 3},    {"airplane", 4},       {"airplanes", 4},    {"plane", 4},
      {"planes", 4},       {"aircraft", 4},       {"lorry", 7},        {"lorries", 7},
      {"ship", 8},         {"ships", 8},          {"puppy", 16},       {"puppies", 16},
      {"kitten", 15},      {"kittens", 15},       {"skis", 30},        {"ski", 30},
      {"sports ball", 32}, {"football", 32},      {"soccer ball", 32}, {"racket", 38},
      {"glass", 40},       {"mug", 41},           {"mugs", 41},        {"broccoli", 50},
      {"doughnut", 54},    {"doughnuts", 54},     {"couch", 57},       {"couches", 57},
      {"plant", 58},       {"plants", 58},        {"table", 60},       {"tables", 60},
      {"tv", 62},          {"tvs", 62},           {"monitor", 62},     {"mouse", 64},
      {"remote", 65},      {"phone", 67},         {"phones", 67},      {"cell phone", 67},
      {"smartphone", 67},  {"fridge", 72},        {"scissors", 76},    {"teddy", 77},
      {"hair dryer", 78},  {"bag", 26},           {"bags", 26},        {"motorbikes", 3},
      {"hydrant", 10},     {"traffic lights", 9}, {"birds", 14},
  };
  for (const auto& [w, c] : kSynonyms)
    if (word == w) return c;
  return -1;
}

}  // namespace l402d::engines::vision
