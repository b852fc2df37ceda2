#include "engines/music/audio/duck.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engines/music/audio/denormals.hpp"

namespace l402d::engines::music::audio {

void duck(AudioBuffer& band, const AudioBuffer& key, const DuckOptions& options) {
  if (band.sample_rate != key.sample_rate || band.channels <= 0 || key.channels <= 0) {
    throw std::invalid_argument("duck: band and key must share a sample rate");
  }
  const ScopedFlushDenormals flush;
  const double rate = band.sample_rate;
  const auto coefficient = [&](double ms) {
    return ms > 0 ? std::exp(-1.0 / (ms * 1e-3 * rate)) : 0.0;
  };
  const double window = coefficient(options.window_ms);
  const double attack = coefficient(options.attack_ms);
  const double release = coefficient(options.release_ms);
  const double threshold = std::pow(10.0, options.threshold_db / 10.0);  // power
  const double depth = std::pow(10.0, -std::fabs(options.depth_db) / 20.0);

  const auto band_ch = static_cast<std::size_t>(band.channels);
  const auto key_ch = static_cast<std::size_t>(key.channels);
  const std::size_t key_frames = key.frames();
  double power = 0, gain = 1;
  for (std::size_t n = 0; n < band.frames(); ++n) {
    double k = 0;
    if (n < key_frames) {
      for (std::size_t c = 0; c < key_ch; ++c) {
        const double s = key.samples[n * key_ch + c];
        k += s * s;
      }
      k /= static_cast<double>(key_ch);
    }
    power = k + window * (power - k);
    const double target = power > threshold ? depth : 1.0;
    gain = target + (target < gain ? attack : release) * (gain - target);
    const auto g = static_cast<float>(gain);
    for (std::size_t c = 0; c < band_ch; ++c)
      band.samples[n * band_ch + c] *= g;
  }
}

}  // namespace l402d::engines::music::audio
