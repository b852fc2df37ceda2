#pragma once

// The band: bass, chords (comping), pad and lead parts over the planned
// sections, plus the drums, with GM programs from the style and volumes and
// pans that leave the middle and the top of the mix to the voice.

#include <string>
#include <vector>

#include "engines/music/compose/harmony.hpp"
#include "engines/music/compose/random.hpp"
#include "engines/music/compose/style.hpp"
#include "engines/music/score.hpp"

namespace l402d::engines::music {

struct PlannedSection {
  std::string kind;  // "intro", "verse", ...
  double start_beats = 0;
  int bars = 0;
  double energy = 0.6;  // 0-1: how hard the band plays here
  bool sung = false;
  std::vector<Chord> chords;
};

// Drum density for a section: the style's, less in intros, verses of quiet
// songs and bridges, more in choruses and solos.
int section_drum_density(const Style& style, const PlannedSection& section);

// Chord tones stacked in [low, high], as close as possible to `previous`
// (voice leading) or to the middle of the range when there is none.
std::vector<int> voice_chord(const Chord& chord, int low, int high,
                             const std::vector<int>& previous);

// All instrument tracks. The song ends at the end of the last section, where
// every part holds the final chord.
std::vector<Track> arrange(const Style& style, const std::vector<PlannedSection>& sections,
                           Rng& rng, int beats_per_bar = 4);

}  // namespace l402d::engines::music
