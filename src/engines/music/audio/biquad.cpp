#include "engines/music/audio/biquad.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace l402d::engines::music::audio {
namespace {

struct Prewarped {
  double cos_w, alpha;
};

Prewarped prewarp(double freq_hz, double q, int sample_rate) {
  if (sample_rate <= 0 || freq_hz <= 0 || freq_hz >= sample_rate / 2.0 || q <= 0) {
    throw std::invalid_argument("biquad: frequency must lie in (0, sample_rate/2), q > 0");
  }
  const double w = 2 * std::numbers::pi * freq_hz / sample_rate;
  return {std::cos(w), std::sin(w) / (2 * q)};
}

BiquadCoefficients normalise(double b0, double b1, double b2, double a0, double a1, double a2) {
  return {b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0};
}

}  // namespace

BiquadCoefficients design_high_pass(double cutoff_hz, double q, int sample_rate) {
  const auto [c, alpha] = prewarp(cutoff_hz, q, sample_rate);
  return normalise((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

BiquadCoefficients design_low_pass(double cutoff_hz, double q, int sample_rate) {
  const auto [c, alpha] = prewarp(cutoff_hz, q, sample_rate);
  return normalise((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

BiquadCoefficients design_peaking(double center_hz, double q, double gain_db, int sample_rate) {
  const auto [c, alpha] = prewarp(center_hz, q, sample_rate);
  const double a = std::pow(10.0, gain_db / 40);
  return normalise(1 + alpha * a, -2 * c, 1 - alpha * a, 1 + alpha / a, -2 * c, 1 - alpha / a);
}

BiquadCoefficients design_high_shelf(double corner_hz, double q, double gain_db, int sample_rate) {
  const auto [c, alpha] = prewarp(corner_hz, q, sample_rate);
  const double a = std::pow(10.0, gain_db / 40);
  const double k = 2 * std::sqrt(a) * alpha;
  return normalise(a * ((a + 1) + (a - 1) * c + k), -2 * a * ((a - 1) + (a + 1) * c),
                   a * ((a + 1) + (a - 1) * c - k), (a + 1) - (a - 1) * c + k,
                   2 * ((a - 1) - (a + 1) * c), (a + 1) - (a - 1) * c - k);
}

void apply_biquads(std::span<float> interleaved, int channels,
                   std::span<const BiquadCoefficients> sections) {
  if (channels <= 0) throw std::invalid_argument("apply_biquads: channels must be positive");
  const auto ch_count = static_cast<std::size_t>(channels);
  const std::size_t frames = interleaved.size() / ch_count;
  for (std::size_t ch = 0; ch < ch_count; ++ch) {
    std::vector<Biquad> chain(sections.begin(), sections.end());
    for (std::size_t i = 0; i < frames; ++i) {
      double x = interleaved[i * ch_count + ch];
      for (auto& b : chain)
        x = b.process(x);
      interleaved[i * ch_count + ch] = static_cast<float>(x);
    }
  }
}

}  // namespace l402d::engines::music::audio
