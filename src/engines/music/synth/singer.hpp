#pragma once

// Sings a Score's VocalPart: each lyric line is spoken monotone by espeak-ng,
// cut into syllables at its vowel nuclei, and reshaped with TD-PSOLA so every
// vowel starts on its note, lasts the note and sits on the note's pitch.
// Output is a mono stem on the song's timeline.

#include <cstddef>
#include <vector>

#include "engines/music/audio_buffer.hpp"
#include "engines/music/score.hpp"

namespace l402d::engines::music {

struct SingerOptions {
  int sample_rate = 44100;
  double glide_seconds = 0.030;  // pitch glide into a note that follows another legato
  double vibrato_hz = 5.5;       // on notes longer than vibrato_delay_seconds
  double vibrato_cents = 35;     // peak deviation
  double vibrato_delay_seconds = 0.25;
  double max_vowel_seconds = 0.4;  // longest held vowel (see singer.cpp)
  double tail_seconds = 0.5;       // after the end of the song (or last note)
  float peak = 0.7F;               // the stem is scaled to this peak (the mix sets the level)
};

// When and how a written note was sung, in frames of the output.
struct SungTiming {
  std::size_t note = 0;         // index into VocalPart::notes
  std::size_t vowel_start = 0;  // the nucleus begins (on the note start)
  std::size_t vowel_end = 0;    // the nucleus ends (before any coda)
  std::size_t start = 0;        // first sample of the syllable (onset consonants)
  std::size_t end = 0;          // last sample + 1 (coda)
};

struct SingResult {
  AudioBuffer audio;               // mono, options.sample_rate
  std::vector<SungTiming> timing;  // one per note, in note order
};

// Thread-safe (espeak runs under its global lock; the shaping runs in parallel).
SingResult sing_with_timing(const Score& score, const SingerOptions& options = {});

inline AudioBuffer sing(const Score& score, const SingerOptions& options = {}) {
  return sing_with_timing(score, options).audio;
}

}  // namespace l402d::engines::music
