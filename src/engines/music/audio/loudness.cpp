#include "engines/music/audio/loudness.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace l402d::engines::music::audio {
namespace {

// BS.1770 states the K-weighting filters as 48 kHz coefficients; these are the
// analogue prototypes behind them (as libebur128 derives them), which give the
// published coefficients at 48 kHz and the same response at any other rate.
constexpr double kShelfHz = 1681.974450955533;
constexpr double kShelfGainDb = 3.999843853973347;
constexpr double kShelfQ = 0.7071752369554196;
constexpr double kHighPassHz = 38.13547087602444;
constexpr double kHighPassQ = 0.5003270373238773;

constexpr double kAbsoluteGateLufs = -70.0;
constexpr double kRelativeGateLu = -10.0;

double block_loudness(double mean_square) {
  return -0.691 + 10.0 * std::log10(mean_square);
}

}  // namespace

BiquadCoefficients k_weighting_shelf(int sample_rate) {
  const double k = std::tan(std::numbers::pi * kShelfHz / sample_rate);
  const double vh = std::pow(10.0, kShelfGainDb / 20.0);
  const double vb = std::pow(vh, 0.4996667741545416);
  const double a0 = 1.0 + k / kShelfQ + k * k;
  return {(vh + vb * k / kShelfQ + k * k) / a0, 2.0 * (k * k - vh) / a0,
          (vh - vb * k / kShelfQ + k * k) / a0, 2.0 * (k * k - 1.0) / a0,
          (1.0 - k / kShelfQ + k * k) / a0};
}

BiquadCoefficients k_weighting_high_pass(int sample_rate) {
  const double k = std::tan(std::numbers::pi * kHighPassHz / sample_rate);
  const double a0 = 1.0 + k / kHighPassQ + k * k;
  return {1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / kHighPassQ + k * k) / a0};
}

double integrated_loudness(std::span<const float> interleaved, int channels, int sample_rate) {
  if (channels <= 0 || sample_rate <= 0) {
    throw std::invalid_argument("integrated_loudness: channels and sample_rate must be positive");
  }
  const auto ch_count = static_cast<std::size_t>(channels);
  const std::size_t frames = interleaved.size() / ch_count;

  // Energies of consecutive 100 ms sub-blocks (channels summed); a 400 ms
  // block is four of them. Sub-block edges are rounded so that rates such as
  // 11025 Hz, whose 100 ms is not a whole number of samples, lose nothing.
  const auto edge = [&](std::size_t j) {
    return static_cast<std::size_t>(static_cast<double>(j) * sample_rate / 10.0 + 0.5);
  };
  std::size_t sub_blocks = 0;
  while (edge(sub_blocks + 1) <= frames)
    ++sub_blocks;
  if (sub_blocks < 4) return kSilenceLufs;

  std::vector<double> energy(sub_blocks, 0.0);
  std::vector<double> length(sub_blocks, 0.0);
  const BiquadCoefficients shelf = k_weighting_shelf(sample_rate);
  const BiquadCoefficients high_pass = k_weighting_high_pass(sample_rate);
  for (std::size_t ch = 0; ch < ch_count; ++ch) {
    Biquad s1(shelf), s2(high_pass);
    for (std::size_t j = 0; j < sub_blocks; ++j) {
      double sum = 0;
      const std::size_t end = edge(j + 1);
      for (std::size_t i = edge(j); i < end; ++i) {
        const double y = s2.process(s1.process(interleaved[i * ch_count + ch]));
        sum += y * y;
      }
      energy[j] += sum;
      length[j] = static_cast<double>(end - edge(j));
    }
  }

  const std::size_t blocks = sub_blocks - 3;
  std::vector<double> block_power(blocks);
  for (std::size_t b = 0; b < blocks; ++b) {
    double e = 0, n = 0;
    for (std::size_t j = b; j < b + 4; ++j) {
      e += energy[j];
      n += length[j];
    }
    block_power[b] = e / n;
  }

  const auto gated_mean = [&](double threshold_lufs) {
    double sum = 0;
    std::size_t count = 0;
    for (double p : block_power) {
      if (p > 0 && block_loudness(p) > threshold_lufs) {
        sum += p;
        ++count;
      }
    }
    return count ? sum / static_cast<double>(count) : 0.0;
  };
  const double absolute = gated_mean(kAbsoluteGateLufs);
  if (absolute <= 0) return kSilenceLufs;
  const double relative = gated_mean(block_loudness(absolute) + kRelativeGateLu);
  return relative > 0 ? block_loudness(relative) : kSilenceLufs;
}

double integrated_loudness(const AudioBuffer& audio) {
  return integrated_loudness(audio.samples, audio.channels, audio.sample_rate);
}

}  // namespace l402d::engines::music::audio
