#pragma once

// The drum part: a one-bar groove per genre at three densities (sparse,
// normal, busy), a crash at each section start, a fill into the next section
// and a final hit. Played on the GM percussion channel.

#include <vector>

#include "engines/music/compose/random.hpp"
#include "engines/music/compose/style.hpp"
#include "engines/music/score.hpp"

namespace l402d::engines::music {

struct DrumHit {
  double beat = 0;  // within the bar
  int key = 36;
  int velocity = 90;
};

// One bar of the genre's groove at `density` 1-3 (0: nothing), in 4/4.
std::vector<DrumHit> drum_groove(Genre genre, int density);
// The same for any bar: 3 and 6 beat bars (3/4, 6/8) get a waltz or
// compound feel instead of a 4/4 groove cut short.
std::vector<DrumHit> drum_groove(Genre genre, int density, int beats_per_bar);

// The last bar of a section, leading into the next: the groove's first half,
// then snare and toms.
std::vector<DrumHit> drum_fill(Genre genre, int density, Rng& rng, int beats_per_bar = 4);

struct DrumSection {
  double start_beats = 0;
  int bars = 0;
  int density = 2;  // 0-3
  bool crash = true;
  bool fill = true;        // the last bar is a fill
  bool final_hit = false;  // the song ends here: the last bar is one crash and kick
  double energy = 0.6;
};

void add_drums(Track& track, const Style& style, const DrumSection& section, Rng& rng,
               int beats_per_bar = 4);

}  // namespace l402d::engines::music
