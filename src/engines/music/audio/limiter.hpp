#pragma once

// A look-ahead peak limiter that works on a whole song at once (the engine
// renders offline, so "look-ahead" costs no latency: the gain curve simply
// reads the future of the peak envelope).
//
// The gain curve is built so that gain[n] * pre_gain * peak[n] <= ceiling
// holds for every frame by construction: a forward minimum over 2B-1 frames
// followed by two moving averages of B frames each (B = the attack time) can
// only ever average values that are already at or below the need of frame n.
// The two averages turn each gain dip into a smooth S-shaped fade instead of
// a step, and a release stage lets the gain return slowly so that dense drums
// do not make the mix pump.

#include <span>
#include <vector>

namespace l402d::engines::music::audio {

struct LimiterOptions {
  double ceiling_db = -1.3;   // peak level (dBTP when fed a true-peak envelope)
  double attack_ms = 4.0;     // length of the fade into a gain reduction
  double release_ms = 120.0;  // time constant of the return to unity
};

// Per-frame gain in (0, 1] for a signal whose per-frame peak is
// `pre_gain * peak_envelope[n]`.
std::vector<float> limiter_gain(std::span<const float> peak_envelope, double pre_gain,
                                int sample_rate, const LimiterOptions& options = {});

}  // namespace l402d::engines::music::audio
