#pragma once

// YIN fundamental-frequency estimation (de Cheveigne & Kawahara 2002), used by
// the singer to measure espeak's monotone F0 and by tests and benchmarks to
// check that sung notes are on pitch.

#include <cstddef>
#include <vector>

#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music {

struct PitchTrackerOptions {
  double min_hz = 60;
  double max_hz = 1000;
  double threshold = 0.12;  // YIN's absolute threshold on the normalised difference
  double hop_seconds = 0.005;
};

struct PitchFrame {
  std::size_t position = 0;  // centre sample of the frame
  double hz = 0;             // 0 when unvoiced
  double aperiodicity = 1;   // the normalised difference at the chosen lag (lower = cleaner)
};

// F0 of one frame centred on `centre` in `samples[0, count)`; hz 0 if unvoiced
// or too close to the edges.
PitchFrame yin_frame(const float* samples, std::size_t count, int sample_rate, std::size_t centre,
                     const PitchTrackerOptions& options = {});

// Frames every hop over [from, to) of a mono buffer (channel 0 of a multichannel one).
std::vector<PitchFrame> track_pitch(const AudioBuffer& audio, std::size_t from, std::size_t to,
                                    const PitchTrackerOptions& options = {});

// Median F0 of the voiced frames over [from, to); 0 if none is voiced.
double median_pitch(const AudioBuffer& audio, std::size_t from, std::size_t to,
                    const PitchTrackerOptions& options = {});

}  // namespace l402d::engines::music
