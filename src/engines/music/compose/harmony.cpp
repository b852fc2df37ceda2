#include "engines/music/compose/harmony.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <map>

namespace l402d::engines::music {

namespace {

struct Table {
  std::vector<std::string_view> verse, pre, chorus, bridge;
};

// Per genre and mode. Empty lists fall back to the generic ones below.
Table table_for(Genre genre, Mode mode) {
  const bool major = mode == Mode::major;
  switch (genre) {
    case Genre::pop:
    case Genre::electronic:
      if (major) {
        return {{"I V vi IV", "vi IV I V", "I vi IV V", "I IV vi V"},
                {"ii IV V V", "IV V iii vi", "ii iii IV V"},
                {"I V vi IV", "IV I V vi", "vi IV I V"},
                {"vi IV I V", "IV V vi vi", "ii V iii vi"}};
      }
      return {{"i bVI bIII bVII", "i iv bVI bVII", "i bVII bVI bVII"},
              {"iv bVI bVII bVII", "bVI bVII V V"},
              {"bVI bVII i i", "bVI bIII bVII i", "i bVI bIII bVII"},
              {"iv i bVI V", "bVI bVII bIII V"}};
    case Genre::rock:
      if (major) {
        return {{"I5 bVII5 IV5 I5", "I5 IV5 V5 IV5", "I5 V5 vi5 IV5"},
                {"IV5 IV5 V5 V5", "vi5 IV5 V5 V5"},
                {"I5 V5 vi5 IV5", "IV5 I5 V5 V5", "I5 bVII5 IV5 I5"},
                {"vi5 IV5 I5 V5", "IV5 V5 IV5 V5"}};
      }
      return {{"i5 bVII5 bVI5 bVII5", "i5 i5 bVII5 iv5", "i5 bIII5 bVII5 iv5"},
              {"iv5 iv5 bVI5 bVII5"},
              {"bVI5 bVII5 i5 i5", "i5 bVI5 bIII5 bVII5"},
              {"iv5 i5 bVI5 V5"}};
    case Genre::metal:
      if (major) {
        return {{"I5 bVII5 IV5 I5", "I5 bIII5 IV5 I5"},
                {"IV5 IV5 V5 V5"},
                {"I5 V5 vi5 IV5"},
                {"vi5 IV5 V5 V5"}};
      }
      return {{"i5 i5 bVI5 bVII5", "i5 bII5 i5 bVII5", "i5 i5 bVI5 V5"},
              {"iv5 iv5 bVI5 V5"},
              {"bVI5 bVII5 i5 i5", "i5 bVI5 bVII5 V5"},
              {"iv5 iv5 bVI5 V5", "bII5 bII5 i5 i5"}};
    case Genre::ballad:
      if (major) {
        return {{"I vi IV V", "I iii vi IV", "I V vi iii IV I IV V"},
                {"ii ii IV V", "IV V iii vi"},
                {"IV V iii vi", "vi IV I V", "IV I V vi"},
                {"ii V iii vi", "IV V vi vi"}};
      }
      return {{"i bVI bIII bVII", "i iv bVII bIII"},
              {"iv iv bVI V"},
              {"bVI bVII i i", "iv bVII bIII bVI"},
              {"bVI bIII iv V"}};
    case Genre::jazz:
      if (major) {
        return {{"Imaj7 vi7 ii7 V7", "ii7 V7 Imaj7 Imaj7", "Imaj7:2 vi7:2 ii7:2 V7:2 iii7 VI7"},
                {"ii7 V7 iii7 VI7"},
                {"ii7 V7 Imaj7 VI7", "IVmaj7 iii7 ii7 V7", "iii7 VI7 ii7 V7"},
                {"iii7 VI7 ii7 V7", "IVmaj7 #ivo bVII7 Imaj7"}};
      }
      return {{"i7 iv7 ii7b5 V7", "i7 i7 ii7b5 V7"},
              {"iv7 bVII7 bIIImaj7 bVImaj7"},
              {"ii7b5 V7 i7 i7", "iv7 bVII7 bIIImaj7 V7"},
              {"bVImaj7 ii7b5 V7 i7"}};
    case Genre::blues:
      if (major) {
        return {
            {"I7 I7 I7 I7 IV7 IV7 I7 I7 V7 IV7 I7 V7", "I7 IV7 I7 I7 IV7 IV7 I7 I7 V7 IV7 I7 V7"},
            {"IV7 IV7 I7 I7"},
            {"I7 I7 I7 I7 IV7 IV7 I7 I7 V7 IV7 I7 V7"},
            {"IV7 IV7 I7 I7 V7 V7 IV7 V7"}};
      }
      return {{"i7 i7 i7 i7 iv7 iv7 i7 i7 bVI7 V7 i7 V7"},
              {"iv7 iv7 i7 i7"},
              {"i7 i7 i7 i7 iv7 iv7 i7 i7 bVI7 V7 i7 V7"},
              {"iv7 iv7 i7 i7 bVI7 V7 i7 V7"}};
    case Genre::hip_hop:
    case Genre::lofi:
      if (major) {
        return {{"Imaj7 vi7 ii7 V7", "IVmaj7 iii7 vi7 vi7", "Imaj7 IVmaj7 Imaj7 IVmaj7"},
                {"ii7 ii7 V7 V7"},
                {"IVmaj7 iii7 ii7 Imaj7", "vi7 IVmaj7 Imaj7 V7", "ii7 V7 Imaj7 vi7"},
                {"IVmaj7 IVmaj7 iii7 vi7"}};
      }
      return {{"i7 bVImaj7 i7 bVImaj7", "i7 iv7 i7 iv7", "i7 bVII bVImaj7 V7"},
              {"iv7 iv7 bVII7 bVII7"},
              {"bVImaj7 bVII7 i7 i7", "i7 iv7 bVImaj7 V7", "iv7 bVII7 bIIImaj7 bVImaj7"},
              {"bVImaj7 bVImaj7 iv7 V7"}};
    case Genre::folk:
      if (major) {
        return {{"I IV I V", "I V IV I", "I vi IV V", "I IV vi V"},
                {"vi IV V V"},
                {"IV I V I", "I IV V I", "vi IV I V"},
                {"vi V IV V"}};
      }
      return {{"i bVII i bVII", "i bIII bVII i"},
              {"bVI bVII V V"},
              {"bIII bVII i i", "bVI bVII i i"},
              {"iv i bVII V"}};
    case Genre::country:
      if (major) {
        return {{"I IV V I", "I I IV I", "I V IV I", "I IV I V"},
                {"IV IV V V"},
                {"IV I V I", "IV V I vi", "I IV V I"},
                {"vi IV I V", "IV IV I V"}};
      }
      return {{"i iv bVII bIII", "i bVII i V"},
              {"iv iv V V"},
              {"bVI bVII i i", "iv i V i"},
              {"bVI bVII bIII V"}};
    case Genre::reggae:
      if (major) {
        return {{"I IV I IV", "I V vi IV", "I IV V IV"},
                {"ii ii V V"},
                {"IV V I vi", "I V IV IV", "vi IV I V"},
                {"ii V I vi"}};
      }
      return {{"i iv i iv", "i bVII i bVII", "i bVI bVII i"},
              {"iv iv V V"},
              {"bVI bVII i i", "iv bVII i i"},
              {"bVI bVII bIII V"}};
    case Genre::latin:
      if (major) {
        return {{"I IV V7 I", "ii7 V7 Imaj7 Imaj7", "Imaj7 II7 ii7 V7"},
                {"ii7 V7 ii7 V7"},
                {"IV V7 I vi", "ii7 V7 Imaj7 VI7"},
                {"iii7 VI7 ii7 V7"}};
      }
      return {{"i iv V7 i", "i bVII bVI V7", "i iv bVII bIII"},
              {"iv bVII bIII bVI"},
              {"i bVII bVI V7", "iv i V7 i"},
              {"bVI bIII iv V7"}};
    case Genre::classical:
      if (major) {
        return {{"I IV V I", "I vi ii V", "I IV I V"},
                {"ii V ii V"},
                {"IV V iii vi", "I V vi iii IV I ii V"},
                {"vi iii IV I", "ii V7 I vi"}};
      }
      return {{"i iv V i", "i bVI iv V", "i bVII bVI V"},
              {"iv V iv V"},
              {"bVI iv V i", "i iv bVII bIII bVI iv V V"},
              {"bIII bVII i V"}};
  }
  return table_for(Genre::pop, mode);
}

int degree_semitones(std::string_view roman) {
  std::string upper;
  for (const char c : roman)
    upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  static const std::map<std::string, int> kDegrees = {{"I", 0}, {"II", 2}, {"III", 4}, {"IV", 5},
                                                      {"V", 7}, {"VI", 9}, {"VII", 11}};
  const auto it = kDegrees.find(upper);
  return it == kDegrees.end() ? 0 : it->second;
}

}  // namespace

bool Chord::has_pitch_class(int pitch) const {
  const int pc = ((pitch - root) % 12 + 12) % 12;
  for (const int interval : intervals) {
    if (interval % 12 == pc) return true;
  }
  return false;
}

std::string_view pitch_class_name(int pitch_class) {
  static constexpr std::array<std::string_view, 12> kNames = {"C",  "C#", "D",  "Eb", "E",  "F",
                                                              "F#", "G",  "Ab", "A",  "Bb", "B"};
  return kNames[static_cast<std::size_t>((pitch_class % 12 + 12) % 12)];
}

std::vector<int> scale_of(int key_root, Mode mode) {
  static constexpr std::array<int, 7> kMajor = {0, 2, 4, 5, 7, 9, 11};
  static constexpr std::array<int, 7> kMinor = {0, 2, 3, 5, 7, 8, 10};
  std::vector<int> out;
  for (const int step : mode == Mode::major ? kMajor : kMinor)
    out.push_back((key_root + step) % 12);
  return out;
}

Chord realize(std::string_view numeral, int key_root) {
  Chord chord;
  std::size_t i = 0;
  int shift = 0;
  if (i < numeral.size() && (numeral[i] == 'b' || numeral[i] == '#')) {
    shift = numeral[i] == 'b' ? -1 : 1;
    ++i;
  }
  const std::size_t roman_start = i;
  while (i < numeral.size() &&
         (numeral[i] == 'I' || numeral[i] == 'V' || numeral[i] == 'i' || numeral[i] == 'v')) {
    ++i;
  }
  const std::string_view roman = numeral.substr(roman_start, i - roman_start);
  const std::string_view suffix = numeral.substr(i);
  const bool upper = !roman.empty() && std::isupper(static_cast<unsigned char>(roman[0])) != 0;
  chord.root = ((key_root + degree_semitones(roman) + shift) % 12 + 12) % 12;

  std::string quality;
  if (suffix == "o") {
    chord.intervals = {0, 3, 6};
    quality = "dim";
  } else if (suffix == "7b5") {
    chord.intervals = {0, 3, 6, 10};
    quality = "m7b5";
  } else if (suffix == "maj7") {
    chord.intervals = {0, upper ? 4 : 3, 7, 11};
    quality = upper ? "maj7" : "m(maj7)";
  } else if (suffix == "7") {
    chord.intervals = {0, upper ? 4 : 3, 7, 10};
    quality = upper ? "7" : "m7";
  } else if (suffix == "sus4") {
    chord.intervals = {0, 5, 7};
    quality = "sus4";
  } else {
    chord.intervals = {0, upper ? 4 : 3, 7};
    quality = upper ? "" : "m";
    if (suffix == "5") {
      chord.power = true;
      quality = "5";
    }
  }
  chord.symbol = std::string(pitch_class_name(chord.root)) + quality;
  return chord;
}

std::vector<ChordStep> parse_progression(std::string_view text, double bar_beats) {
  std::vector<ChordStep> steps;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    if (!word.empty()) {
      ChordStep step;
      const auto colon = word.find(':');
      step.numeral = std::string(word.substr(0, colon));
      step.beats = bar_beats;
      if (colon != std::string_view::npos)
        step.beats = std::stod(std::string(word.substr(colon + 1)));
      steps.push_back(step);
    }
    start = end + 1;
  }
  return steps;
}

std::vector<ChordStep> choose_progression(const Style& style, std::string_view section_kind,
                                          Rng& rng) {
  const Table table = table_for(style.genre, style.mode);
  const std::vector<std::string_view>* list = &table.verse;
  if (section_kind == "chorus" || section_kind == "instrumental" || section_kind == "outro") {
    list = &table.chorus;
  } else if (section_kind == "pre-chorus") {
    list = &table.pre;
  } else if (section_kind == "bridge") {
    list = &table.bridge;
  }
  if (list->empty()) list = &table.verse;
  return parse_progression(rng.pick(*list));
}

std::vector<Chord> lay_chords(const std::vector<ChordStep>& steps, int key_root, double start,
                              double length) {
  std::vector<Chord> chords;
  if (steps.empty() || length <= 0) return chords;
  double t = start;
  const double end = start + length;
  for (std::size_t i = 0; t < end - 1e-9; i = (i + 1) % steps.size()) {
    Chord chord = realize(steps[i].numeral, key_root);
    chord.start_beats = t;
    chord.length_beats = std::min(steps[i].beats, end - t);
    t += chord.length_beats;
    chords.push_back(std::move(chord));
  }
  return chords;
}

}  // namespace l402d::engines::music
