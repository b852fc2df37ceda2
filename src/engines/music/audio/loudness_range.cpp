#include "engines/music/audio/loudness_range.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

#include "engines/music/audio/biquad.hpp"
#include "engines/music/audio/loudness.hpp"

namespace l402d::engines::music::audio {

namespace {

double lufs(double mean_square) {
  return mean_square > 0 ? -0.691 + 10.0 * std::log10(mean_square)
                         : -std::numeric_limits<double>::infinity();
}

}  // namespace

std::vector<double> block_energies(const AudioBuffer& audio) {
  const auto channels = static_cast<std::size_t>(std::max(1, audio.channels));
  const std::size_t frames = audio.frames();
  const auto block = static_cast<std::size_t>(std::max(1, audio.sample_rate / 10));
  std::vector<double> energies(frames / block, 0.0);
  for (std::size_t c = 0; c < channels; ++c) {
    Biquad shelf(k_weighting_shelf(audio.sample_rate));
    Biquad high(k_weighting_high_pass(audio.sample_rate));
    for (std::size_t f = 0; f < energies.size() * block; ++f) {
      const double y = high.process(shelf.process(audio.samples[f * channels + c]));
      energies[f / block] += y * y;
    }
  }
  for (double& e : energies)
    e /= static_cast<double>(block);
  return energies;
}

double loudness_of_blocks(const std::vector<double>& energies, std::size_t first,
                          std::size_t last) {
  last = std::min(last, energies.size());
  if (first >= last) return -std::numeric_limits<double>::infinity();
  double sum = 0;
  for (std::size_t i = first; i < last; ++i)
    sum += energies[i];
  return lufs(sum / static_cast<double>(last - first));
}

double gated_loudness(const AudioBuffer& audio, std::size_t from, std::size_t to) {
  const auto channels = static_cast<std::size_t>(std::max(1, audio.channels));
  to = std::min(to, audio.frames());
  if (from >= to) return -std::numeric_limits<double>::infinity();
  const std::span<const float> part(audio.samples.data() + from * channels, (to - from) * channels);
  return integrated_loudness(part, audio.channels, audio.sample_rate);
}

double loudness_range(const AudioBuffer& audio) {
  const std::vector<double> e = block_energies(audio);
  constexpr std::size_t kWindow = 30;  // 3 s of 100 ms blocks
  std::vector<double> windows;
  double sum = 0;
  for (std::size_t i = 0; i < e.size(); ++i) {
    sum += e[i];
    if (i >= kWindow) sum -= e[i - kWindow];
    if (i + 1 >= kWindow) windows.push_back(std::max(0.0, sum) / kWindow);
  }
  std::vector<double> gated;
  double mean = 0;
  for (double w : windows) {
    if (lufs(w) > -70.0) {
      gated.push_back(w);
      mean += w;
    }
  }
  if (gated.empty()) return 0;
  const double relative = lufs(mean / static_cast<double>(gated.size())) - 20.0;
  std::vector<double> levels;
  for (double w : gated) {
    if (lufs(w) > relative) levels.push_back(lufs(w));
  }
  if (levels.size() < 2) return 0;
  std::sort(levels.begin(), levels.end());
  auto at = [&](double q) {
    return levels[static_cast<std::size_t>(
        std::lround(q * static_cast<double>(levels.size() - 1)))];
  };
  return at(0.95) - at(0.10);
}

}  // namespace l402d::engines::music::audio
