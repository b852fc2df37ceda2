#pragma once

// Everything the analysers observed about one image. Fields that were not
// computed (the question did not need them) are marked so in `computed`.

#include <string>
#include <vector>

#include "engines/vision/colors.hpp"
#include "engines/vision/faces.hpp"
#include "engines/vision/geometry.hpp"
#include "engines/vision/people.hpp"
#include "engines/vision/quality.hpp"
#include "engines/vision/text.hpp"

namespace l402d::engines::vision {

// Which analysers to run; answering "is it blurry?" should not pay for OCR.
struct Needs {
  bool faces = true;
  bool people = true;
  bool text = true;
  bool qr = true;
  bool colors = true;
  bool quality = true;
  static Needs all() { return {}; }
  static Needs none() { return {false, false, false, false, false, false}; }
};

struct Cues {
  Needs computed = Needs::none();
  Geometry geometry;       // always computed; it is free
  std::string format;      // "PNG", "JPEG", ...
  int analysis_width = 0;  // the frame that face and body boxes refer to
  int analysis_height = 0;
  std::vector<Face> faces;
  std::vector<Body> bodies;
  TextReading text;
  std::vector<std::string> qr_codes;
  std::vector<NamedColor> colors;
  Quality quality;

  // People visible: faces and strong full-body detections overlap, so the
  // larger of the two counts is the honest estimate.
  int people_count() const {
    return static_cast<int>(faces.size() > bodies.size() ? faces.size() : bodies.size());
  }
};

}  // namespace l402d::engines::vision
