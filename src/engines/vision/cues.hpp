#pragma once

// Everything the analysers observed about one image. Fields that were not
// computed (the question did not need them) are marked so in `computed`.

#include <string>
#include <vector>

#include "engines/vision/colors.hpp"
#include "engines/vision/faces.hpp"
#include "engines/vision/geometry.hpp"
#include "engines/vision/object_detector.hpp"
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
  bool objects = true;
  static Needs all() { return {}; }
  static Needs none() { return {false, false, false, false, false, false, false}; }
};

// Object scores from here up are stated plainly; from the detector's floor
// (ObjectDetectorOptions::min_score) to here they are hedged or left out.
// NanoDet-m's scores are low: true objects often score 0.45-0.6, false ones
// up to 0.56 (a clock on a circuit board). On the photo set
// (tests/engines/vision/photo_set.cpp) 0.5 kept the most true objects for
// the fewest false claims (0.45 added a bench and a dog in a painting). A
// person is held to a higher bar (a butterfly scored 0.52 as one), as
// inventing one is the worse mistake, and faces and bodies count people too.
inline constexpr float kConfidentScore = 0.5f;
inline constexpr float kConfidentPersonScore = 0.6f;
inline float confident_score(int cls) {
  return cls == 0 ? kConfidentPersonScore : kConfidentScore;
}

struct Cues {
  Needs computed = Needs::none();
  Geometry geometry;       // always computed; it is free
  std::string format;      // "PNG", "JPEG", ...
  int analysis_width = 0;  // the frame that face and body boxes refer to
  int analysis_height = 0;
  std::vector<Face> faces;
  std::vector<Body> bodies;
  TextReading text;                // page text (Tesseract) or, in photos, scene text
  bool text_from_scene = false;    // read box by box from the text detector
  std::vector<Detection> objects;  // COCO objects, strongest first
  // Which models were there: answers say what they cannot do without them.
  bool objects_available = false;
  bool scene_text_available = false;
  std::vector<std::string> qr_codes;
  std::vector<NamedColor> colors;
  Quality quality;

  // People visible: faces, strong full-body detections and confident person
  // detections overlap, so the largest of the counts is the honest estimate.
  int people_count() const;
  // Confident detections of `cls` (score >= confident_score(cls)).
  int confident_count(int cls) const;
};

}  // namespace l402d::engines::vision
