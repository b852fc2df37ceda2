#include "engines/music/audio/limiter.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace l402d::engines::music::audio {
namespace {

// Causal moving average of `width` frames; frames before the start read as
// the first frame, which keeps the bound (see the header) at the start.
void moving_average(std::vector<float>& v, std::size_t width) {
  if (v.empty() || width <= 1) return;
  // The last `width` inputs in a ring: a whole copy of a long song's gain
  // curve would cost 22 MB for two minutes.
  std::vector<float> ring(width, v[0]);
  double sum = static_cast<double>(v[0]) * static_cast<double>(width);
  const double scale = 1.0 / static_cast<double>(width);
  for (std::size_t n = 0; n < v.size(); ++n) {
    float& oldest = ring[n % width];
    sum += v[n] - oldest;
    oldest = v[n];
    v[n] = static_cast<float>(sum * scale);
  }
}

}  // namespace

std::vector<float> limiter_gain(std::span<const float> peak_envelope, double pre_gain,
                                int sample_rate, const LimiterOptions& options) {
  if (sample_rate <= 0 || pre_gain <= 0) {
    throw std::invalid_argument("limiter_gain: sample_rate and pre_gain must be positive");
  }
  const std::size_t frames = peak_envelope.size();
  const double ceiling = std::pow(10.0, options.ceiling_db / 20.0);
  const auto attack = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::lround(options.attack_ms * 1e-3 * sample_rate)));
  const std::size_t window = 2 * attack - 1;

  // Gain each frame needs on its own.
  const auto need = [&](std::size_t n) {
    const double peak = pre_gain * peak_envelope[n];
    return peak > ceiling ? static_cast<float>(ceiling / peak) : 1.0F;
  };

  // Forward sliding minimum over [n, n + window), van Herk / Gil-Werman:
  // per block of `window` frames, a running minimum from the block's end
  // (suffix) and from its start (prefix); any window spans at most two
  // blocks, so its minimum is one suffix of its block and one prefix of the
  // next. Three comparisons a frame whatever the window, and no
  // data-dependent branches. The suffix minima are one block's, not the
  // song's: a second song-length array was megabytes of fresh pages to fault
  // in. The next block's prefix minima are written where its gain will go
  // (frame n's gain reads prefix[last] with last >= n, not yet overwritten).
  std::vector<float> gain(frames);
  std::vector<float>& prefix = gain;
  std::vector<float> suffix(std::min(window, frames));
  const auto prefix_of_block = [&](std::size_t start) {
    const std::size_t end = std::min(frames, start + window);
    prefix[start] = need(start);
    for (std::size_t n = start + 1; n < end; ++n)
      prefix[n] = std::min(prefix[n - 1], need(n));
  };
  if (frames > 0) prefix_of_block(0);
  for (std::size_t start = 0; start < frames; start += window) {
    const std::size_t end = std::min(frames, start + window);
    suffix[end - 1 - start] = need(end - 1);
    for (std::size_t n = end - 1; n > start; --n)
      suffix[n - 1 - start] = std::min(suffix[n - start], need(n - 1));
    if (end < frames) prefix_of_block(end);
    for (std::size_t n = start; n < end; ++n) {
      const std::size_t last = std::min(frames - 1, n + window - 1);
      gain[n] = std::min(suffix[n - start], prefix[last]);
    }
  }
  std::vector<float>().swap(suffix);

  // Release: the gain may fall at once (the averages below smooth the fall)
  // but rises only exponentially; taking the minimum keeps the bound.
  if (options.release_ms > 0) {
    const float rise =
        static_cast<float>(1.0 - std::exp(-1.0 / (options.release_ms * 1e-3 * sample_rate)));
    float g = 1.0F;
    for (std::size_t n = 0; n < frames; ++n) {
      g = std::min(gain[n], g + (1.0F - g) * rise);
      gain[n] = g;
    }
  }

  moving_average(gain, attack);
  moving_average(gain, attack);
  return gain;
}

}  // namespace l402d::engines::music::audio
