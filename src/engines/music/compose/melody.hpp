#pragma once

// Melody writing: one note per syllable, fitted to the bars a line gets, with
// chord tones on the beats, steps between them, an arch over each line and a
// cadence at the end of a section. The same code writes the instrumental lead
// of intros and solos, with a different range.

#include <cstddef>
#include <vector>

#include "engines/music/compose/harmony.hpp"
#include "engines/music/compose/random.hpp"
#include "engines/music/score.hpp"

namespace l402d::engines::music {

struct PitchRange {
  int low = 57;
  int high = 76;
};

// Female about A3..E5, male about A2..E4 (MIDI).
PitchRange voice_range(Voice voice);

// The shortest note a syllable may get at this tempo: an eighth below 100 bpm
// (shorter would be gabbled), a sixteenth above.
double shortest_note(double bpm);

// The note a syllable gets when there is room: an eighth, a quarter above
// 132 bpm, so that fast songs are not gabbled either.
double comfortable_note(double bpm);

// Bars a line of `syllables` needs: 2 when it fits in comfortable notes with a
// beat to breathe, else 4, else eighths in 2 or 4 bars, else as many (even) as
// it takes; at fast tempos sixteenths let a long line stay within 4 bars.
int line_bars(std::size_t syllables, double bpm, int beats_per_bar = 4);

struct PhraseShape {
  PitchRange range;
  int center = 64;       // where the line hovers
  int arch = 4;          // semitones the line climbs to its peak
  bool descend = false;  // an answering line: starts high and falls
  bool cadence = false;  // the last line of a section: ends on the tonic
  double swing = 0;      // 0-1: off-beat eighths pushed towards the triplet
  double bpm = 120;
};

struct MelodyNote {
  double start_beats = 0;
  double length_beats = 0;
  int pitch = 60;
};

// `count` notes from `start` within `bars` bars, ascending and never
// overlapping. `previous` is the last pitch sung (0 if none), for smooth joins.
// `rhythm_of`, when it has `count` notes (times relative to the line's start),
// gives the rhythm, so that lines of a verse can share one: songs repeat
// their rhythms far more than their pitches.
std::vector<MelodyNote> write_phrase(std::size_t count, double start, int bars,
                                     const std::vector<Chord>& chords,
                                     const std::vector<int>& scale, int key_root,
                                     const PhraseShape& shape, int previous, Rng& rng,
                                     int beats_per_bar = 4,
                                     const std::vector<MelodyNote>* rhythm_of = nullptr);

// The chord sounding at `beat` (the last one starting at or before it).
const Chord* chord_at(const std::vector<Chord>& chords, double beat);

// Moves off-beat eighths later by up to a triplet eighth (swing = 1), keeping order.
double swing_time(double beat, double swing);

}  // namespace l402d::engines::music
