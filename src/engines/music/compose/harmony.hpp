#pragma once

// Chords: progressions per genre, mode and section, written as Roman numerals
// and realised in the song's key. Minor-mode numerals are relative to the
// tonic's major scale ("i bVI bIII bVII"), so one parser serves both modes.

#include <string>
#include <string_view>
#include <vector>

#include "engines/music/compose/random.hpp"
#include "engines/music/compose/style.hpp"

namespace l402d::engines::music {

struct Chord {
  double start_beats = 0;
  double length_beats = 4;
  int root = 0;                // pitch class
  std::vector<int> intervals;  // semitones above the root, starting with 0
  bool power = false;          // played as root + fifth (rock, metal); the third is implied
  std::string symbol;          // "Am7", for logs

  bool has_pitch_class(int pitch) const;
  int bass() const { return root; }
};

// One step of a progression: "V7" for `beats` beats.
struct ChordStep {
  std::string numeral;
  double beats = 4;
};

// "ii7:2 V7:2 Imaj7" -> steps; a step without ":beats" lasts `bar_beats`.
std::vector<ChordStep> parse_progression(std::string_view text, double bar_beats = 4);

// The chord a numeral names in the key whose tonic is `key_root`.
Chord realize(std::string_view numeral, int key_root);

// A progression fitting the style for a section kind ("verse", "chorus", ...).
std::vector<ChordStep> choose_progression(const Style& style, std::string_view section_kind,
                                          Rng& rng);

// The progression repeated from `start` for `length` beats (the last chord is
// cut short if the length is not a multiple of the progression's).
std::vector<Chord> lay_chords(const std::vector<ChordStep>& steps, int key_root, double start,
                              double length);

// Pitch classes of the key's scale (natural minor for Mode::minor), tonic first.
std::vector<int> scale_of(int key_root, Mode mode);

std::string_view pitch_class_name(int pitch_class);

}  // namespace l402d::engines::music
