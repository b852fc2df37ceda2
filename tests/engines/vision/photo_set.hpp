#pragma once

// Issue 16's test set: real photographs from Debian packages with the facts a
// person would state about them (tests/data/vision/README.md says where each
// comes from). `expected` are the objects a person would name first;
// `allowed` are other classes that are really there or arguable (cars parked
// in a corner, birds a detector may call kites): naming them is not a false
// claim. Anything else named is.
//
// Two halves. The tuning set (the first 24) is what the detector's thresholds,
// class-confusion rules and box-size floor were chosen on. The held-out set
// (`held_out`) was added afterwards, its facts written down before the engine
// was run on it, and nothing was tuned on it: its figures are the honest ones.

#include <string>
#include <vector>

namespace l402d::engines::vision::testing {

struct PhotoFacts {
  std::string file;
  std::vector<std::string> expected;  // COCO labels (coco_labels.hpp, singular)
  std::vector<std::string> allowed;
  bool has_text = false;
  bool held_out = false;
};

const std::vector<PhotoFacts>& photo_set();

}  // namespace l402d::engines::vision::testing
