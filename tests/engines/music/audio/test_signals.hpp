#pragma once

// Deterministic test signals for the audio tests.

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music::audio::testing {

inline double dbfs(double db) {
  return std::pow(10.0, db / 20.0);
}

// A sine of peak amplitude `peak` in every channel.
inline AudioBuffer sine(double freq, double peak, double seconds, int rate = 48000,
                        int channels = 2, double phase = 0) {
  AudioBuffer b;
  b.sample_rate = rate;
  b.channels = channels;
  const auto frames = static_cast<std::size_t>(seconds * rate + 0.5);
  b.samples.resize(frames * static_cast<std::size_t>(channels));
  for (std::size_t n = 0; n < frames; ++n) {
    const auto v = static_cast<float>(
        peak * std::sin(2 * std::numbers::pi * freq * static_cast<double>(n) / rate + phase));
    for (int c = 0; c < channels; ++c)
      b.samples[n * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)] = v;
  }
  return b;
}

inline void append(AudioBuffer& a, const AudioBuffer& b) {
  a.samples.insert(a.samples.end(), b.samples.begin(), b.samples.end());
}

inline AudioBuffer concat(std::initializer_list<AudioBuffer> parts) {
  AudioBuffer out = *parts.begin();
  out.samples.clear();
  for (const auto& p : parts)
    append(out, p);
  return out;
}

class Lcg {
 public:
  explicit Lcg(std::uint32_t seed = 12345) : s_(seed) {}
  float next() {  // uniform in [-1, 1)
    s_ = s_ * 1664525U + 1013904223U;
    return static_cast<float>(s_ >> 8) / 8388608.0F - 1.0F;
  }

 private:
  std::uint32_t s_;
};

// A crude but song-like stereo signal: kick on every beat, a bass line, a
// three-note pad and noise hats, at 120 bpm, scaled by `level`.
inline AudioBuffer song(double seconds, int rate = 44100, double level = 1.0) {
  AudioBuffer b;
  b.sample_rate = rate;
  b.channels = 2;
  const auto frames = static_cast<std::size_t>(seconds * rate);
  b.samples.resize(frames * 2);
  Lcg noise;
  const double beat = 0.5;
  const double bass_notes[4] = {55.0, 73.42, 61.74, 82.41};
  for (std::size_t n = 0; n < frames; ++n) {
    const double t = static_cast<double>(n) / rate;
    const double tb = std::fmod(t, beat);
    const auto beat_index = static_cast<int>(t / beat);
    const double kick = 0.9 * std::exp(-tb * 18) *
                        std::sin(2 * std::numbers::pi * (50 + 80 * std::exp(-tb * 30)) * tb);
    const double bass_f = bass_notes[(beat_index / 4) % 4];
    const double bass = 0.35 * std::sin(2 * std::numbers::pi * bass_f * t);
    double pad = 0;
    for (double f : {261.63, 329.63, 392.0})
      pad += 0.08 * std::sin(2 * std::numbers::pi * f * t);
    const double th = std::fmod(t + beat / 2, beat);
    const double hat = 0.25 * std::exp(-th * 60) * noise.next();
    const double l = level * (kick + bass + pad * 1.1 + hat * 0.7);
    const double r = level * (kick + bass + pad * 0.9 + hat * 1.3);
    b.samples[2 * n] = static_cast<float>(l);
    b.samples[2 * n + 1] = static_cast<float>(r);
  }
  return b;
}

}  // namespace l402d::engines::music::audio::testing
