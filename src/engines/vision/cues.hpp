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
// NanoDet-m's scores are low: true objects often score 0.5-0.8, false ones
// up to 0.63. The bars were chosen on the tuning half of the photo set
// (tests/engines/vision/photo_set.cpp; README there):
//  - 0.5 for most classes kept the most true objects for the fewest false
//    claims (0.45 added a bench and a dog in a painting);
//  - a person 0.6 (a butterfly scored 0.52 as one): inventing one is the
//    worse mistake, and faces and bodies count people too;
//  - 0.65 for the classes with no parts to recognise, only an outline or a
//    surface (clock, orange, apple, bowl, donut, pizza, frisbee, bed, dining
//    table): NanoDet-m gives them 0.53-0.61 for any disc or any large
//    textured area (a chip on a circuit board, coins, sweets, a retina),
//    while nothing in the set that was really one of them scored between
//    0.5 and 0.65.
float confident_score(int cls);

// Classes NanoDet-m confuses with each other on one animal (darknet's horses
// scored as cows 0.63 next to horses 0.59). When an image has detections of
// more than one class of a group, all of them take the class with the most
// evidence (score times box area, summed): one photo of mixed horses and
// cows is far rarer than a horse scored as a cow.
void settle_confusions(std::vector<Detection>& objects);

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

  // People visible: faces, full-body detections and confident person
  // detections overlap, so the largest of the counts is the honest estimate.
  // When the object model ran, a HOG body counts only where the model
  // also saw a person (any score above its floor): HOG alone took a horse's
  // silhouette and a fan of playing cards for standing people.
  int people_count() const;
  // Confident detections of `cls` (score >= confident_score(cls)).
  int confident_count(int cls) const;
};

}  // namespace l402d::engines::vision
