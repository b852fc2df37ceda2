#pragma once

// Summing stems into the stereo mix bus, and the small per-stem helpers the
// engine needs to sit the vocal above the band: gain in dB, constant-power
// panning, a high-pass to keep vocal rumble out of the bass's range, and a
// presence boost.

#include <cstddef>
#include <span>

#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music::audio {

struct Stem {
  const AudioBuffer* audio = nullptr;  // mono or stereo, at the mix's rate
  double gain_db = 0;
  // -1 (left) .. +1 (right). A mono stem is placed with a constant-power law
  // (each side -3 dB at centre, so it sounds equally loud anywhere); a stereo
  // stem is balanced: the far side fades out with the same law, centre = unity.
  double pan = 0;
  std::size_t offset_frames = 0;  // where the stem starts in the mix
};

// Left/right gains of the constant-power law for a mono source.
struct PanGains {
  float left, right;
};
PanGains constant_power_pan(double pan);

// Sums the stems into a stereo buffer long enough for the longest one.
// Throws std::invalid_argument if a stem's rate differs from `sample_rate` or
// it is neither mono nor stereo.
AudioBuffer mix_stems(std::span<const Stem> stems, int sample_rate);

// Adds a stereo `stem` (same rate) into the stereo `bus` in place, lengthening
// the bus if the stem is longer: the same sum as mix_stems at 0 dB, centre,
// without a third full-length buffer (a two-minute song's is 44 MB).
void add_into(AudioBuffer& bus, const AudioBuffer& stem);

void apply_gain_db(AudioBuffer& audio, double gain_db);

// A mono buffer copied to both channels (stereo passes through).
AudioBuffer to_stereo(const AudioBuffer& audio);

// Butterworth high-pass, `order` 2 (12 dB/oct) or 4 (24 dB/oct), in place.
void high_pass(AudioBuffer& audio, double cutoff_hz, int order = 2);

// Bell EQ, e.g. +2 dB at 3 kHz for vocal presence, in place.
void peaking_eq(AudioBuffer& audio, double center_hz, double q, double gain_db);

}  // namespace l402d::engines::music::audio
