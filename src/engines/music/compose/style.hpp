#pragma once

// What the buyer's style prompt asks for, read from its words: genre, mood,
// tempo, key and mode, instruments, groove and voice. Reading never fails: an
// unknown or empty prompt gives a mid-tempo pop song.

#include <string>
#include <string_view>
#include <vector>

#include "engines/music/score.hpp"

namespace l402d::engines::music {

enum class Genre {
  pop,
  rock,
  ballad,
  jazz,
  blues,
  hip_hop,
  electronic,
  lofi,
  folk,
  country,
  reggae,
  latin,
  classical,
  metal,
};
enum class Mood { neutral, happy, sad, energetic, calm, dark, romantic };

std::string_view genre_name(Genre genre);  // "pop", "hip-hop", "lo-fi", ...
std::string_view mood_name(Mood mood);

struct Style {
  Genre genre = Genre::pop;
  bool genre_recognised = false;  // false: the prompt named no genre and pop was chosen
  Mood mood = Mood::neutral;
  double bpm = 112;
  bool bpm_explicit = false;  // "90 bpm", "tempo 90": obeyed (clamped to 40-220)
  int key_root = 0;           // pitch class
  Mode mode = Mode::major;
  bool key_explicit = false;  // "in D minor", "key of Bb"
  Voice voice = Voice::female;
  bool voice_explicit = false;

  // GM programs (0-based) of the pitched parts.
  int chords_program = 0;
  int bass_program = 33;
  int pad_program = 89;
  int lead_program = 80;
  bool pad = true;        // whether a sustained pad plays under choruses
  bool drums = true;      // false for "no drums", "a cappella", default classical
  int beats_per_bar = 4;  // 3 for "3/4" and "waltz"; 6 for "6/8" (eighth-note beats)
  bool solo = false;      // "solo piano": the named instrument alone (no bass, pad, lead, drums)

  double energy = 0.6;   // 0-1: drum density, velocities, comping activity
  int drum_density = 2;  // 1 sparse, 2 normal, 3 busy (0 when drums are off)
  double swing = 0;      // 0 straight eighths, 1 triplet swing

  std::vector<std::string> instruments;  // instrument words recognised, in prompt order
};

Style read_style(std::string_view prompt);

// One line, e.g. "rock energetic 168bpm E minor voice=male chords=30 ...".
std::string describe(const Style& style);

}  // namespace l402d::engines::music
