#pragma once

// How a finished song's sections sit against each other (issue 17's "mix by
// measurement"): the loudness of every section of the mastered mix, read
// against the sung verses.

#include <string>
#include <vector>

#include "engines/music/audio_buffer.hpp"
#include "engines/music/score.hpp"

namespace l402d::engines::music::intelligibility {

struct SectionLoudness {
  std::string kind;
  bool sung = false;
  double lufs = 0;
};

struct SongBalance {
  std::vector<SectionLoudness> sections;
  double verse_lufs = 0;              // power mean of the sung sections other than choruses
  double chorus_lift_lu = 0;          // choruses (power mean) minus verses; 0 without chorus
  double worst_instrumental_gap = 0;  // largest |instrumental section - verses| (LU)
  double drop_lead_lu = 0;            // drop minus the loudest other section (electronic)
};

SongBalance song_balance(const AudioBuffer& mastered, const Score& score);

}  // namespace l402d::engines::music::intelligibility
