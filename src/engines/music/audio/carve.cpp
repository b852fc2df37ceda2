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

// The cut itself: peaking filters, log-spaced across the range, that sum to
// about `depth` dB over it. Subtracting a band-passed copy (the first
// version) cut 20 dB only near 1 kHz: the band-pass's phase shift left the
// 1-4 kHz presence range, where consonants live, 4-6 dB down.
std::vector<BiquadCoefficients> cut_filters(const CarveOptions& o, int rate) {
  constexpr int kFilters = 4;
  constexpr double kShare = 0.7;  // of the depth, per filter; their skirts overlap
  const double step = std::pow(o.high_hz / o.low_hz, 1.0 / kFilters);
  std::vector<BiquadCoefficients> filters;
  for (int i = 0; i < kFilters; ++i) {
    const double centre = o.low_hz * std::pow(step, i + 0.5);
    filters.push_back(design_peaking(centre, 0.9, -kShare * std::fabs(o.depth_db), rate));
  }
  return filters;
}

}  // namespace

void carve(AudioBuffer& band, const AudioBuffer& key, const CarveOptions& options) {
  if (band.sample_rate != key.sample_rate || band.channels <= 0 || key.channels <= 0) {
    throw std::invalid_argument("carve: band and key must share a sample rate");
  }
  const ScopedFlushDenormals flush;
  const std::size_t frames = band.frames();
  const std::vector<float> act = activity(key, frames, options);
  const std::vector<BiquadCoefficients> design = cut_filters(options, band.sample_rate);
  const auto ch = static_cast<std::size_t>(band.channels);
  for (std::size_t c = 0; c < ch; ++c) {
    std::vector<Biquad> cut(design.begin(), design.end());
    for (std::size_t n = 0; n < frames; ++n) {
      float& s = band.samples[n * ch + c];
      double carved = s;
      for (Biquad& f : cut)
        carved = f.process(carved);
      // A crossfade, so the band is untouched where the voice rests.
      s += static_cast<float>(act[n] * (carved - s));
    }
  }
}

}  // namespace l402d::engines::music::audio
