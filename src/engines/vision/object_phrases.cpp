#include "engines/vision/object_phrases.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "engines/vision/coco_labels.hpp"

namespace l402d::engines::vision {

namespace {

std::string number_word(int n) {
  static constexpr std::array<const char*, 13> kWords{"no",   "one",    "two",   "three", "four",
                                                      "five", "six",    "seven", "eight", "nine",
                                                      "ten",  "eleven", "twelve"};
  return n >= 0 && n < static_cast<int>(kWords.size()) ? kWords[n] : std::to_string(n);
}

std::string with_article(std::string_view noun) {
  const bool vowel =
      !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos;
  return std::string(vowel ? "an " : "a ") + std::string(noun);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

struct Group {
  int cls = 0;
  int count = 0;
  double area = 0;
  cv::Rect largest;
};

// Confident detections grouped by class, most prominent first.
std::vector<Group> groups(const Cues& c) {
  std::map<int, Group> by_class;
  for (const auto& d : c.objects) {
    if (d.score < confident_score(d.cls)) continue;
    Group& g = by_class[d.cls];
    g.cls = d.cls;
    ++g.count;
    g.area += d.box.area();
    if (d.box.area() > g.largest.area()) g.largest = d.box;
  }
  // People seen only as faces or bodies count too.
  const int people = c.people_count();
  if (people > 0) {
    Group& g = by_class[kPersonClass];
    g.cls = kPersonClass;
    g.count = std::max(g.count, people);
    for (const auto& f : c.faces)
      g.area += 6.0 * f.box.area();  // a face is a small part of a person
    for (const auto& b : c.bodies)
      g.area += b.box.area();
  }
  std::vector<Group> out;
  for (auto& [cls, g] : by_class)
    out.push_back(g);
  std::stable_sort(out.begin(), out.end(),
                   [](const Group& a, const Group& b) { return a.area > b.area; });
  return out;
}

// The best weak detection of a class no confident detection names.
const Detection* weak_only(const Cues& c, int cls) {
  if (c.confident_count(cls) > 0) return nullptr;
  const Detection* best = nullptr;
  for (const auto& d : c.objects)
    if (d.cls == cls && (!best || d.score > best->score)) best = &d;
  return best;
}

}  // namespace

std::string counted(int count, int cls) {
  const CocoLabel& l = coco_labels()[static_cast<std::size_t>(cls)];
  if (count == 1) return with_article(l.one);
  return number_word(count) + " " + std::string(l.many);
}

std::string object_list(const Cues& c) {
  std::vector<std::string> parts;
  for (const auto& g : groups(c))
    parts.push_back(counted(g.count, g.cls));
  return join(parts);
}

std::string main_object_position(const Cues& c) {
  const auto gs = groups(c);
  if (gs.empty() || gs[0].count != 1 || gs[0].largest.area() == 0) return "";
  const std::string where = position_phrase(gs[0].largest, c.analysis_width, c.analysis_height);
  if (where.empty()) return "";
  if (gs.size() == 1) return where;
  return "with the " + std::string(coco_labels()[static_cast<std::size_t>(gs[0].cls)].one) + " " +
         where;
}

std::string position_phrase(const cv::Rect& box, int frame_width, int frame_height) {
  if (frame_width <= 0 || frame_height <= 0) return "";
  const double x = (box.x + box.width / 2.0) / frame_width;
  const double y = (box.y + box.height / 2.0) / frame_height;
  const std::string h = x < 0.36 ? "left" : x > 0.64 ? "right" : "";
  const std::string v = y < 0.33 ? "top" : y > 0.67 ? "bottom" : "";
  if (h.empty() && v.empty()) return "in the centre";
  if (v.empty()) return "on the " + h;
  if (h.empty()) return "at the " + v;
  return "at the " + v + " " + h;
}

std::string objects_sentence(const Cues& c) {
  if (!c.objects_available)
    return "I can't name objects here: the object detector's model files are not installed on "
           "this server.";
  const auto gs = groups(c);
  if (gs.empty()) {
    // The strongest weak detection, clearly hedged, or nothing.
    const Detection* best = nullptr;
    for (const auto& d : c.objects)
      if (!best || d.score > best->score) best = &d;
    std::string s = "I can't make out any of the 80 kinds of everyday object I know in this image.";
    if (best)
      s += " There may be " + with_article(coco_labels()[best->cls].one) + ", but I'm not sure.";
    return s;
  }
  std::string s = "I can see " + object_list(c) + ".";
  // Where the most prominent thing is, when it is a single one.
  if (gs[0].count == 1 && gs[0].largest.area() > 0)
    s += " The " + std::string(coco_labels()[gs[0].cls].one) + " is " +
         position_phrase(gs[0].largest, c.analysis_width, c.analysis_height) + ".";
  return s;
}

std::string presence_sentence(const Cues& c, int cls, bool yes_no) {
  const CocoLabel& l = coco_labels()[static_cast<std::size_t>(cls)];
  if (!c.objects_available && cls != kPersonClass)
    return "I can't tell: the object detector's model files are not installed on this server.";
  const int n = cls == kPersonClass ? c.people_count() : c.confident_count(cls);
  if (n > 0) {
    std::string s = std::string(yes_no ? "Yes, I can see " : "I can see ") + counted(n, cls);
    // Where a single one is ("Where is the dog?" lands here too).
    if (n == 1) {
      for (const auto& d : c.objects)
        if (d.cls == cls && d.score >= confident_score(cls)) {
          s += " " + position_phrase(d.box, c.analysis_width, c.analysis_height);
          break;
        }
    }
    return s + ".";
  }
  if (const Detection* weak = weak_only(c, cls))
    return std::string(yes_no ? "Possibly: " : "") + "there may be " + with_article(l.one) + " " +
           position_phrase(weak->box, c.analysis_width, c.analysis_height) +
           ", but I'm not confident of it.";
  return std::string(yes_no ? "No, " : "") + "I can't see any " + std::string(l.many) +
         " in this image.";
}

}  // namespace l402d::engines::vision
