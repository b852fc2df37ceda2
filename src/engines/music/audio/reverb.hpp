#pragma once

// A small algorithmic reverb for the vocal bus: Jezar's Freeverb topology
// (8 damped feedback combs in parallel, 4 Schroeder all-passes in series, per
// channel, the right channel's delays offset for stereo width), with the
// delay lengths scaled to the sample rate and a pre-delay so the dry syllable
// stays intelligible before the room answers. Pure arithmetic, no randomness:
// the same input always gives the same output.

#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music::audio {

struct ReverbOptions {
  float room_size = 0.5F;  // 0..1: comb feedback 0.7..0.98 (decay length)
  float damping = 0.5F;    // 0..1: high-frequency loss per pass (darker tail)
  float wet = 0.25F;       // 0..1 level of the reverberated signal
  float dry = 1.0F;        // 0..1 level of the direct signal
  float width = 1.0F;      // 0 = mono tail, 1 = fully decorrelated L/R tail
  float predelay_ms = 20.0F;
  float tail_seconds = 0.0F;  // extra output after the input ends, to let the tail ring
};

// Reverberates a mono or stereo buffer; the result is always stereo, at the
// input's rate, `tail_seconds` longer than the input.
AudioBuffer reverb(const AudioBuffer& input, const ReverbOptions& options = {});

}  // namespace l402d::engines::music::audio
