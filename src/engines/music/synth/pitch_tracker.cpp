#include "engines/music/synth/pitch_tracker.hpp"

#include <algorithm>
#include <cmath>

namespace l402d::engines::music {

PitchFrame yin_frame(const float* x, std::size_t count, int sample_rate, std::size_t centre,
                     const PitchTrackerOptions& options) {
  PitchFrame frame;
  frame.position = centre;
  const auto max_lag = static_cast<std::size_t>(std::ceil(sample_rate / options.min_hz));
  const auto min_lag =
      std::max<std::size_t>(2, static_cast<std::size_t>(std::floor(sample_rate / options.max_hz)));
  // The integration window covers the longest period once: long enough to be
  // stable, short enough to follow vibrato.
  const std::size_t window = max_lag;
  if (centre < window / 2 || centre - window / 2 + window + max_lag + 1 > count) return frame;
  const float* base = x + (centre - window / 2);

  std::vector<double> d(max_lag + 2, 0.0);
  for (std::size_t tau = 1; tau <= max_lag + 1; ++tau) {
    double sum = 0;
    for (std::size_t j = 0; j < window; ++j) {
      const double diff = static_cast<double>(base[j]) - base[j + tau];
      sum += diff * diff;
    }
    d[tau] = sum;
  }
  // Cumulative mean normalised difference.
  std::vector<double> cmnd(max_lag + 2, 1.0);
  double running = 0;
  for (std::size_t tau = 1; tau <= max_lag + 1; ++tau) {
    running += d[tau];
    cmnd[tau] = running > 0 ? d[tau] * static_cast<double>(tau) / running : 1.0;
  }
  std::size_t best = 0;
  for (std::size_t tau = min_lag; tau <= max_lag; ++tau) {
    if (cmnd[tau] < options.threshold) {
      while (tau + 1 <= max_lag && cmnd[tau + 1] < cmnd[tau])
        ++tau;
      best = tau;
      break;
    }
  }
  if (best == 0) {
    // No dip under the threshold: take the global minimum, but call it
    // unvoiced unless it is reasonably periodic.
    best = min_lag;
    for (std::size_t tau = min_lag; tau <= max_lag; ++tau) {
      if (cmnd[tau] < cmnd[best]) best = tau;
    }
    if (cmnd[best] > 0.35) {
      frame.aperiodicity = cmnd[best];
      return frame;
    }
  }
  // Parabolic interpolation for sub-sample period.
  double period = static_cast<double>(best);
  if (best > 1 && best <= max_lag) {
    const double a = cmnd[best - 1], b = cmnd[best], c = cmnd[best + 1];
    const double denom = a - 2 * b + c;
    if (std::abs(denom) > 1e-12) period += std::clamp(0.5 * (a - c) / denom, -1.0, 1.0);
  }
  frame.aperiodicity = cmnd[best];
  frame.hz = sample_rate / period;
  return frame;
}

std::vector<PitchFrame> track_pitch(const AudioBuffer& audio, std::size_t from, std::size_t to,
                                    const PitchTrackerOptions& options) {
  std::vector<float> mono;
  const float* x = audio.samples.data();
  std::size_t count = audio.frames();
  if (audio.channels != 1) {
    mono.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
      mono[i] = audio.samples[i * static_cast<std::size_t>(audio.channels)];
    }
    x = mono.data();
  }
  to = std::min(to, count);
  const auto hop = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::lround(options.hop_seconds * audio.sample_rate)));
  std::vector<PitchFrame> frames;
  for (std::size_t c = from; c < to; c += hop) {
    frames.push_back(yin_frame(x, count, audio.sample_rate, c, options));
  }
  return frames;
}

double median_pitch(const AudioBuffer& audio, std::size_t from, std::size_t to,
                    const PitchTrackerOptions& options) {
  std::vector<double> hz;
  for (const PitchFrame& f : track_pitch(audio, from, to, options)) {
    if (f.hz > 0) hz.push_back(f.hz);
  }
  if (hz.empty()) return 0;
  std::nth_element(hz.begin(), hz.begin() + static_cast<std::ptrdiff_t>(hz.size() / 2), hz.end());
  return hz[hz.size() / 2];
}

}  // namespace l402d::engines::music
