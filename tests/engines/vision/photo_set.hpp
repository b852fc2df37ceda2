#pragma once

// Issue 16's test set: real photographs from Debian packages with the facts a
// person would state about them (tests/data/vision/README.md says where each
// comes from). `expected` are the objects a person would name first;
// `allowed` are other classes that are really there or arguable (cars parked
// in a corner, birds a detector may call kites): naming them is not a false
// claim. Anything else named is.

#include <string>
#include <vector>

namespace l402d::engines::vision::testing {

struct PhotoFacts {
  std::string file;
  std::vector<std::string> expected;  // COCO labels (coco_labels.hpp, singular)
  std::vector<std::string> allowed;
  bool has_text = false;
};

const std::vector<PhotoFacts>& photo_set();

}  // namespace l402d::engines::vision::testing
