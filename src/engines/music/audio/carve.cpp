#include "engines/music/audio/carve.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include "engines/music/audio/biquad.hpp"
#include "engines/music/audio/denormals.hpp"

namespace l402d::engines::music::audio {

namespace {

// 0..1 per frame: how much the key is singing, smoothed like a duck's gain.
std::vector<float> activity(const AudioBuffer& key, std::size_t frames, const CarveOptions& o) {
  const double rate = key.sample_rate;
  const auto coefficient = [&](double ms) {
    return ms > 0 ? std::exp(-1.0 / (ms * 1e-3 * rate)) : 0.0;
  };
  const double window = coefficient(o.window_ms);
  const double attack = coefficient(o.attack_ms);
  const double release = coefficient(o.release_ms);
  const double threshold = std::pow(10.0, o.threshold_db / 10.0);
  const auto ch = static_cast<std::size_t>(key.channels);
  const std::size_t key_frames = key.frames();
  std::vector<float> out(frames);
  double power = 0, level = 0;
  for (std::size_t n = 0; n < frames; ++n) {
    double k = 0;
    if (n < key_frames) {
      for (std::size_t c = 0; c < ch; ++c) {
        const double s = key.samples[n * ch + c];
        k += s * s;
      }
      k /= static_cast<double>(ch);
    }
    power = k + window * (power - k);
    const double target = power > threshold ? 1.0 : 0.0;
    level = target + (target > level ? attack : release) * (level - target);
    out[n] = static_cast<float>(level);
  }
  return out;
}

}  // namespace

void carve(AudioBuffer& band, const AudioBuffer& key, const CarveOptions& options) {
  if (band.sample_rate != key.sample_rate || band.channels <= 0 || key.channels <= 0) {
    throw std::invalid_argument("carve: band and key must share a sample rate");
  }
  const ScopedFlushDenormals flush;
  const std::size_t frames = band.frames();
  const std::vector<float> act = activity(key, frames, options);
  const double amount = 1.0 - std::pow(10.0, -std::fabs(options.depth_db) / 20.0);
  const BiquadCoefficients hp = design_high_pass(options.low_hz, 0.7071, band.sample_rate);
  const BiquadCoefficients lp = design_low_pass(options.high_hz, 0.7071, band.sample_rate);
  const auto ch = static_cast<std::size_t>(band.channels);
  for (std::size_t c = 0; c < ch; ++c) {
    Biquad high(hp), low(lp);
    for (std::size_t n = 0; n < frames; ++n) {
      float& s = band.samples[n * ch + c];
      const double mid = low.process(high.process(s));
      s -= static_cast<float>(amount * act[n] * mid);
    }
  }
}

}  // namespace l402d::engines::music::audio
