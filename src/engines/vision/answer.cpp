#include "engines/vision/answer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <initializer_list>

#include "engines/vision/coco_labels.hpp"
#include "engines/vision/object_phrases.hpp"

namespace l402d::engines::vision {

namespace {

// The prompt lowercased, punctuation turned into spaces, padded with spaces so
// " word " finds whole words and " pre" finds word prefixes.
class Words {
 public:
  explicit Words(std::string_view prompt) {
    norm_ = " ";
    for (char c : prompt) {
      const auto u = static_cast<unsigned char>(c);
      if (std::isalnum(u))
        norm_ += static_cast<char>(std::tolower(u));
      else if (norm_.back() != ' ')
        norm_ += ' ';
    }
    if (norm_.back() != ' ') norm_ += ' ';
  }
  bool empty() const { return norm_ == " "; }
  // The words, and each pair of neighbours ("traffic light"), in order.
  std::vector<std::string> terms() const {
    std::vector<std::string> words, out;
    std::size_t start = 1;
    for (std::size_t i = 1; i < norm_.size(); ++i) {
      if (norm_[i] != ' ') continue;
      if (i > start) words.push_back(norm_.substr(start, i - start));
      start = i + 1;
    }
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i + 1 < words.size()) out.push_back(words[i] + " " + words[i + 1]);
      out.push_back(words[i]);
    }
    return out;
  }
  bool starts_with(std::string_view prefix) const {
    return norm_.compare(1, prefix.size(), prefix) == 0;
  }
  // Each entry is a whole word or phrase; a trailing '*' makes it a prefix.
  bool any(std::initializer_list<std::string_view> entries) const {
    for (auto e : entries) {
      const bool prefix = !e.empty() && e.back() == '*';
      std::string needle = " " + std::string(prefix ? e.substr(0, e.size() - 1) : e);
      if (!prefix) needle += ' ';
      if (norm_.find(needle) != std::string::npos) return true;
    }
    return false;
  }

 private:
  std::string norm_;
};

std::string number_word(std::size_t n) {
  static constexpr std::array<const char*, 11> kWords{
      "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
  return n < kWords.size() ? kWords[n] : std::to_string(n);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return number_word(n) + " " + std::string(n == 1 ? one : many);
}

std::string capitalised(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string percent(double fraction) {
  return std::to_string(static_cast<int>(std::lround(fraction * 100.0))) + "%";
}

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

std::string quoted_text(const TextReading& t) {
  std::string s = t.text;
  std::replace(s.begin(), s.end(), '\n', ' ');
  return "\"" + s + "\"";
}

std::string where(const Face& f, const Cues& c) {
  if (c.analysis_width <= 0) return "";
  const double x = (f.box.x + f.box.width / 2.0) / c.analysis_width;
  return x < 0.36 ? "on the left" : x > 0.64 ? "on the right" : "in the centre";
}

std::string people_sentence(const Cues& c) {
  const std::size_t faces = c.faces.size();
  const std::size_t people = static_cast<std::size_t>(c.people_count());
  if (people == 0) return "I can't see any people: no faces or standing figures were detected.";
  std::string s;
  if (faces == 0)
    return "I can see " + plural(people, "person", "people") + " (no face clearly visible).";
  const auto smiling = static_cast<std::size_t>(
      std::count_if(c.faces.begin(), c.faces.end(), [](const Face& f) { return f.smiling; }));
  if (people == 1) {
    s = "I can see one person, whose face is " + where(c.faces[0], c) + " of the picture";
    s += smiling == 1 ? " and who appears to be smiling." : ".";
    return s;
  }
  s = "I can see " + plural(people, "person", "people") + " (" + plural(faces, "face", "faces") +
      " detected";
  if (people > faces) s += ", plus standing figures";
  s += ").";
  if (smiling > 0)
    s += " " + capitalised(number_word(smiling)) + " of them " +
         (smiling == 1 ? "appears" : "appear") + " to be smiling.";
  return s;
}

std::string text_sentence(const Cues& c) {
  if (!c.text.found()) return "I can't find any readable text in this image.";
  std::string s = "The text reads: " + quoted_text(c.text) + ".";
  if (c.text.mean_confidence < 75.0f) s += " Some words may be misread.";
  return s;
}

std::string qr_sentence(const Cues& c, bool asked) {
  if (c.qr_codes.empty()) return asked ? "I can't find a readable QR code in this image." : "";
  std::vector<std::string> q;
  for (const auto& p : c.qr_codes)
    q.push_back("\"" + p + "\"");
  if (q.size() == 1) return "It contains a QR code that reads " + q[0] + ".";
  return "It contains " + plural(q.size(), "QR code", "QR codes") + " that read " + join_list(q) +
         ".";
}

std::string colors_sentence(const Cues& c) {
  if (c.colors.empty()) return "I couldn't determine the main colours.";
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < c.colors.size() && i < 4; ++i)
    parts.push_back(c.colors[i].name + " (about " + percent(c.colors[i].share) + ")");
  std::string s = c.colors.size() == 1 ? "The image is almost entirely " + parts[0] + "."
                                       : "The main colours are " + join_list(parts) + ".";
  if (c.computed.quality) {
    if (c.quality.saturation < 0.06)
      s += " It is essentially black and white (greyscale).";
    else if (c.quality.saturation > 0.45)
      s += " The colours are vivid.";
    else if (c.quality.saturation < 0.15)
      s += " The colours are muted.";
  }
  return s;
}

std::string focus_sentence(const Quality& q) {
  switch (q.focus) {
    case Focus::blurry:
      return "The image looks blurry: it has very little fine detail.";
    case Focus::slightly_soft:
      return "The image looks slightly soft, but not badly blurred.";
    case Focus::too_plain:
      return "The image is too plain to judge its focus: it has almost no detail.";
    case Focus::sharp:
      return "The image looks sharp and in focus.";
  }
  return "";
}

std::string lighting_sentence(const Quality& q) {
  const std::string level = " (average brightness " + percent(q.brightness) + ")";
  std::string s;
  switch (q.exposure) {
    case Exposure::very_dark:
      s = "The image is very dark" + level + ".";
      break;
    case Exposure::dark:
      s = "The image is rather dark" + level + ".";
      break;
    case Exposure::normal:
      s = "The lighting looks normal" + level + ".";
      break;
    case Exposure::bright:
      s = "The image is bright" + level + ".";
      break;
    case Exposure::very_bright:
      s = "The image is very bright, possibly overexposed" + level + ".";
      break;
  }
  if (q.contrast < 0.08) s += " Its contrast is low.";
  return s;
}

std::string size_sentence(const Cues& c) {
  const Geometry& g = c.geometry;
  char mp[32];
  std::snprintf(mp, sizeof mp, "%.1f", g.megapixels);
  std::string s = "The image is " + std::to_string(g.width) + " x " + std::to_string(g.height) +
                  " pixels (" + mp + " megapixels), " +
                  (g.orientation == Orientation::square
                       ? std::string("square")
                       : "in " + orientation_name(g.orientation) + " orientation");
  if (!g.aspect_label.empty() && g.orientation != Orientation::square)
    s += ", with a " + g.aspect_label + " aspect ratio";
  return s + ".";
}

std::string look_phrase(const Quality& q) {
  std::string look;
  switch (q.exposure) {
    case Exposure::very_dark:
      look = "very dark";
      break;
    case Exposure::dark:
      look = "rather dark";
      break;
    case Exposure::normal:
      look = "well lit";
      break;
    case Exposure::bright:
      look = "bright";
      break;
    case Exposure::very_bright:
      look = "very bright, possibly overexposed";
      break;
  }
  switch (q.focus) {
    case Focus::blurry:
      return look + " and blurry";
    case Focus::slightly_soft:
      return look + " and slightly soft";
    case Focus::too_plain:
      return look + " with almost no detail";
    case Focus::sharp:
      return look + " and sharp";
  }
  return look;
}

// First sentence: what is in the picture (objects, people), or that nothing
// known was found, and why when a model is missing.
std::string scene_sentence(const Cues& c) {
  const std::string list = object_list(c);
  if (list.empty()) {
    if (!c.objects_available)
      return "I can't see any people, and I can't name objects here because the object "
             "detector's model files are not installed on this server.";
    return "I can't make out any people or any of the 80 kinds of everyday object I know in it.";
  }
  std::string s = "The image shows " + list;
  if (const auto where = main_object_position(c); !where.empty())
    s += (where.starts_with("with") ? ", " : " ") + where;
  const auto smiling =
      std::count_if(c.faces.begin(), c.faces.end(), [](const Face& f) { return f.smiling; });
  if (smiling > 0 && c.people_count() == 1) s += ", who appears to be smiling";
  if (smiling > 0 && c.people_count() > 1)
    s += " (" + number_word(static_cast<std::size_t>(smiling)) + " of them smiling)";
  return s + ".";
}

std::string short_quote(const TextReading& t) {
  std::string s = t.text;
  std::replace(s.begin(), s.end(), '\n', ' ');
  constexpr std::size_t kMax = 160;
  if (s.size() > kMax) s = s.substr(0, s.rfind(' ', kMax)) + " ...";
  return "\"" + s + "\"";
}

std::string describe(const Cues& c) {
  std::vector<std::string> out{scene_sentence(c)};
  if (c.text.found())
    out.push_back(
        std::string(c.text_from_scene ? "Text in it reads " : "It contains text that reads ") +
        short_quote(c.text) + ".");
  if (auto q = qr_sentence(c, false); !q.empty()) out.push_back(q);
  std::string last;
  if (!c.colors.empty()) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < c.colors.size() && i < 3; ++i)
      names.push_back(c.colors[i].name);
    last = "The main colours are " + join_list(names) + ", and the picture is ";
  } else {
    last = "The picture is ";
  }
  out.push_back(last + look_phrase(c.quality) + ".");
  std::string joined;
  for (const auto& s : out) {
    if (!joined.empty()) joined += ' ';
    joined += s;
  }
  return joined;
}

constexpr std::string_view kLimits =
    "The builtin analyser recognises people, faces, 80 kinds of everyday object, text, QR codes, "
    "colours and image quality; it cannot identify breeds, brands, places or individuals. A "
    "vision model can be configured for more detailed answers.";

}  // namespace

Intent classify_prompt(std::string_view prompt) {
  const Words w(prompt);
  Intent in;
  if (w.empty()) {
    in.topics = {Topic::describe};
    return in;
  }
  auto add = [&](Topic t) {
    if (std::find(in.topics.begin(), in.topics.end(), t) == in.topics.end()) in.topics.push_back(t);
  };
  const bool describe_words = w.any({"what s in",
                                     "whats in",
                                     "what is in",
                                     "what is shown",
                                     "what s shown",
                                     "describe*",
                                     "description",
                                     "what do you see",
                                     "what can you see",
                                     "what is this",
                                     "what s this",
                                     "whats this",
                                     "what is that",
                                     "tell me about",
                                     "caption*",
                                     "summar*",
                                     "explain",
                                     "analy*",
                                     "what is happening",
                                     "what s happening",
                                     "what is going on",
                                     "overview",
                                     "contents",
                                     "what does it show",
                                     "what does this show",
                                     "what does the image show",
                                     "what does the picture show",
                                     "what does the photo show"});
  const bool qr = w.any({"qr", "barcode*", "bar code", "code", "codes", "url", "link", "scan*"});
  // "Read the QR code" asks for the code, not for OCR; "read" alone is weak.
  const bool text = w.any({"text*", "written", "writing", "word", "words", "ocr", "transcri*",
                           "letter*", "sign", "signs", "label*", "font*", "handwrit*", "quote",
                           "title", "headline", "typed", "printed"}) ||
                    (!qr && w.any({"read", "reads", "readable", "say", "says", "said"}));
  const bool people =
      w.any({"people",   "person*", "face*",       "anyone",      "anybody",     "someone",
             "somebody", "human*",  "man",         "men",         "woman",       "women",
             "child*",   "kid*",    "boy*",        "girl*",       "crowd",       "smil*",
             "who",      "selfie",  "portrait of", "individual*", "pedestrian*", "persons"});
  const bool colors = w.any({"colo*", "hue*", "tint*", "palette", "shade*", "rgb"}) ||
                      w.any({"what color", "what colour"});
  const bool focus = w.any({"blur*", "sharp*", "focus*", "out of focus", "in focus", "crisp*",
                            "fuzzy", "quality", "clear", "clarity", "shaky", "grainy"});
  const bool lighting =
      w.any({"dark*", "bright*", "exposure", "exposed", "overexposed", "underexposed", "light",
             "lighting", "lit", "dim", "quality", "contrast*", "washed out", "too bright"});
  const bool size = w.any({"size", "resolution", "dimension*", "orientation", "landscape",
                           "portrait", "aspect", "wide", "tall", "pixel*", "megapixel*", "how big",
                           "width", "height", "format", "file type"});
  in.who =
      w.any({"who", "whose", "name of", "identify the person", "recogni*", "celebrit*"}) && people;
  // COCO classes the question names; people words go to the people topic.
  for (const auto& t : w.terms()) {
    const int cls = coco_class_for_word(t);
    if (cls < 0 || (cls == kPersonClass && people)) continue;
    // "orange" alone is the colour ("Is the car orange?"); "an orange" or
    // "oranges" is the fruit.
    if (t == "orange") continue;
    if (std::find(in.classes.begin(), in.classes.end(), cls) == in.classes.end())
      in.classes.push_back(cls);
  }
  const bool objects = !in.classes.empty() ||
                       w.any({"object*", "item*", "thing*", "animal*", "vehicle*", "furniture"});
  in.yes_no = w.starts_with("is ") || w.starts_with("are ") || w.starts_with("do ") ||
              w.starts_with("does ") || w.starts_with("can you see") || w.starts_with("any ");
  // Things only a recognition model could answer.
  in.beyond =
      in.who ||
      w.any({"breed*",      "species",   "kind of",  "brand*",   "logo*",     "make",
             "model",       "where",     "location", "place",    "city",      "country",
             "food",        "dish*",     "flower*",  "tree*",    "building*", "age",
             "old",         "gender",    "emotion*", "mood",     "wearing",   "clothes",
             "shirt",       "holding",   "doing",    "activity", "weather",   "season",
             "time of day", "landmark*", "painting", "art",      "style",     "fruit*",
             "vegetable*",  "room",      "indoor*",  "outdoor*", "sky",       "sea",
             "beach",       "mountain*", "rocket*",  "coffee",   "space",     "astronaut*"});
  if (describe_words) add(Topic::describe);
  if (objects) add(Topic::objects);
  if (text) add(Topic::text);
  if (people) add(Topic::people);
  if (colors) add(Topic::colors);
  if (focus) add(Topic::focus);
  if (lighting) add(Topic::lighting);
  if (qr) add(Topic::qr);
  if (size) add(Topic::size);
  // Describing already covers objects, people, text, QR codes and colours;
  // a question about objects is not a request for a description.
  if (objects && describe_words && !w.any({"describe*", "description"}))
    std::erase(in.topics, Topic::describe);
  if (std::find(in.topics.begin(), in.topics.end(), Topic::describe) != in.topics.end())
    std::erase_if(in.topics, [](Topic t) {
      return t == Topic::people || t == Topic::text || t == Topic::qr || t == Topic::colors ||
             t == Topic::objects;
    });
  if (in.topics.empty()) {
    // An unrecognised question: say what can be said rather than guess.
    in.topics = {Topic::describe};
    in.beyond = true;
  }
  return in;
}

Needs needs_for(const Intent& intent) {
  Needs n = Needs::none();
  for (Topic t : intent.topics) {
    switch (t) {
      case Topic::describe:
        return Needs::all();
      case Topic::objects:
        n.objects = true;
        break;
      case Topic::text:
        n.text = true;
        break;
      case Topic::people:
        n.faces = n.people = n.objects = true;
        break;
      case Topic::colors:
        n.colors = n.quality = true;
        break;
      case Topic::focus:
      case Topic::lighting:
        n.quality = true;
        break;
      case Topic::qr:
        n.qr = true;
        break;
      case Topic::size:
        break;
    }
  }
  if (intent.beyond) return Needs::all();
  return n;
}

std::vector<std::string> compose_sentences(const Intent& intent, const Cues& cues) {
  std::vector<std::string> out;
  if (intent.who)
    out.push_back(
        "I can't tell who anyone is: the builtin analyser does not recognise "
        "individuals.");
  else if (intent.beyond)
    out.push_back(
        "I can't answer that precisely: the builtin analyser cannot identify breeds, brands, "
        "places or what people are doing. Here is what I can tell.");
  for (Topic t : intent.topics) {
    switch (t) {
      case Topic::describe:
        out.push_back(describe(cues));
        break;
      case Topic::objects:
        if (intent.classes.empty()) {
          out.push_back(objects_sentence(cues));
        } else {
          for (int cls : intent.classes)
            out.push_back(presence_sentence(cues, cls, intent.yes_no));
        }
        break;
      case Topic::text:
        out.push_back(text_sentence(cues));
        break;
      case Topic::people:
        out.push_back(people_sentence(cues));
        break;
      case Topic::colors:
        out.push_back(colors_sentence(cues));
        break;
      case Topic::focus:
        out.push_back(focus_sentence(cues.quality));
        break;
      case Topic::lighting:
        out.push_back(lighting_sentence(cues.quality));
        break;
      case Topic::qr:
        out.push_back(qr_sentence(cues, true));
        break;
      case Topic::size:
        out.push_back(size_sentence(cues));
        break;
    }
  }
  if (intent.beyond) out.emplace_back(kLimits);
  std::erase_if(out, [](const std::string& s) { return s.empty(); });
  return out;
}

std::string join_sentences(const std::vector<std::string>& sentences) {
  std::string joined;
  for (const auto& s : sentences) {
    if (!joined.empty()) joined += ' ';
    joined += s;
  }
  return joined;
}

std::string compose_answer(const Intent& intent, const Cues& cues) {
  return join_sentences(compose_sentences(intent, cues));
}

}  // namespace l402d::engines::vision
