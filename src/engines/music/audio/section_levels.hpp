#pragma once

// Levels a song's sections against each other by measurement, before
// mastering: verses set the reference, choruses sit a little above it,
// instrumental parts (intro, solo, outro) just under it, and an EDM drop is
// the loudest part of the song. Without it, sections swung 12-14 LU, an EDM
// drop came out 4 LU under the verses and choruses no louder than verses
// (issue 17): the band and the voice were balanced, the song was not.

#include <cstddef>
#include <string>
#include <vector>

#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music::audio {

struct SectionSpan {
  std::string kind;      // "intro", "verse", "chorus", "instrumental", "outro", ...
  std::size_t from = 0;  // frames
  std::size_t to = 0;
  bool sung = false;  // the voice sings in it
  bool drop = false;  // the section is an EDM drop: the loudest of the song
};

struct SectionLevel {
  std::string kind;
  double measured_lufs = 0;
  double target_lufs = 0;
  double gain_db = 0;
};

// Where each kind sits against the reference (the sung non-chorus sections'
// loudness), in LU.
double section_offset_lu(const SectionSpan& span);

// Measures every section of `mix` and applies each its gain (at most
// +/- max_gain_db), ramped over `ramp_seconds` across each boundary, in place.
// Sections shorter than 1 s or silent keep their level.
std::vector<SectionLevel> level_sections(AudioBuffer& mix, const std::vector<SectionSpan>& spans,
                                         double max_gain_db = 8.0, double ramp_seconds = 0.3);

}  // namespace l402d::engines::music::audio
