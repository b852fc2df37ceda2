#pragma once

// Sentences about detected objects: lists with counts ("two people, four
// kites and a car"), rough positions, yes/no answers with a hedge.
//
// Honesty: only detections at or above confident_score() are stated; weaker
// ones are offered as "possibly" and only when asked about or when nothing
// stronger is there. People are counted with faces and bodies too
// (Cues::people_count), so a face-only portrait still says "one person".

#include <string>
#include <vector>

#include "engines/vision/cues.hpp"

namespace l402d::engines::vision {

// "a dog", "two people", "an apple".
std::string counted(int count, int cls);

// The confident objects, most prominent (largest total area) first, people
// counted as Cues::people_count; empty when there are none.
std::string object_list(const Cues& c);

// "on the left", "at the top right", "in the centre" for a box in the
// analysis frame.
std::string position_phrase(const cv::Rect& box, int frame_width, int frame_height);

// Where the most prominent object is when it is a single one: "on the left"
// when it is the only kind of object, "with the dog on the left" when there
// are others; empty otherwise.
std::string main_object_position(const Cues& c);

// Answer to "What objects are in this image?".
std::string objects_sentence(const Cues& c);

// Answer to "Is there a dog?" / "How many dogs are there?".
std::string presence_sentence(const Cues& c, int cls, bool yes_no);

}  // namespace l402d::engines::vision
