#include "engines/music/audio/carve.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include "engines/music/audio/biquad.hpp"
#include "engines/music/audio/denormals.hpp"

namespace l402d::engines::music::audio {

namespace {

// 0..1 per frame: how much the key is singing, smoothed like a duck's gain.
// Followed frame by frame beside the filters, not stored: a song-length curve
// was one more buffer to allocate, zero and fault in.
class Activity {
 public:
  Activity(const AudioBuffer& key, const CarveOptions& o)
      : key_(key),
        ch_(static_cast<std::size_t>(key.channels)),
        frames_(key.frames()),
        window_(coefficient(o.window_ms, key.sample_rate)),
        attack_(coefficient(o.attack_ms, key.sample_rate)),
        release_(coefficient(o.release_ms, key.sample_rate)),
        threshold_(std::pow(10.0, o.threshold_db / 10.0)) {}

  // Frames in order, from 0.
  float next(std::size_t n) {
    double k = 0;
    if (n < frames_) {
      for (std::size_t c = 0; c < ch_; ++c) {
        const double s = key_.samples[n * ch_ + c];
        k += s * s;
      }
      k /= static_cast<double>(ch_);
    }
    power_ = k + window_ * (power_ - k);
    const double target = power_ > threshold_ ? 1.0 : 0.0;
    level_ = target + (target > level_ ? attack_ : release_) * (level_ - target);
    return static_cast<float>(level_);
  }

 private:
  static double coefficient(double ms, int rate) {
    return ms > 0 ? std::exp(-1.0 / (ms * 1e-3 * rate)) : 0.0;
  }

  const AudioBuffer& key_;
  std::size_t ch_, frames_;
  double window_, attack_, release_, threshold_;
  double power_ = 0, level_ = 0;
};

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
  const std::vector<BiquadCoefficients> design = cut_filters(options, band.sample_rate);
  const auto ch = static_cast<std::size_t>(band.channels);
  std::vector<std::vector<Biquad>> cut(ch, std::vector<Biquad>(design.begin(), design.end()));
  Activity activity(key, options);
  for (std::size_t n = 0; n < frames; ++n) {
    const float act = activity.next(n);
    for (std::size_t c = 0; c < ch; ++c) {
      float& s = band.samples[n * ch + c];
      double carved = s;
      for (Biquad& f : cut[c])
        carved = f.process(carved);
      // A crossfade, so the band is untouched where the voice rests.
      s += static_cast<float>(act * (carved - s));
    }
  }
}

}  // namespace l402d::engines::music::audio
