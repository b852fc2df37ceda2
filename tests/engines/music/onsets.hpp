#pragma once

// Onsets and tempo of rendered music, for tests that check a style is audible:
// spectral flux (the summed rise of log-magnitude spectra between frames) with
// an adaptive threshold, and a tempo from the autocorrelation of the flux.

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <vector>

#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music::testing {

// In-place iterative radix-2 FFT; data.size() must be a power of two.
inline void fft(std::vector<std::complex<double>>& data) {
  const std::size_t n = data.size();
  for (std::size_t i = 1, j = 0; i < n; ++i) {
    std::size_t bit = n >> 1;
    for (; (j & bit) != 0; bit >>= 1)
      j ^= bit;
    j ^= bit;
    if (i < j) std::swap(data[i], data[j]);
  }
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const double angle = -2 * std::numbers::pi / static_cast<double>(len);
    const std::complex<double> step(std::cos(angle), std::sin(angle));
    for (std::size_t i = 0; i < n; i += len) {
      std::complex<double> w(1);
      for (std::size_t k = 0; k < len / 2; ++k) {
        const auto u = data[i + k];
        const auto v = data[i + k + len / 2] * w;
        data[i + k] = u + v;
        data[i + k + len / 2] = u - v;
        w *= step;
      }
    }
  }
}

struct OnsetAnalysis {
  double hop_seconds = 0;
  std::vector<double> flux;         // onset strength per hop
  std::vector<std::size_t> onsets;  // hop indices of detected onsets
  double onsets_per_second = 0;
};

// Spectral flux of the channels' mean: 2048-sample Hann frames every 512
// samples, log(1 + 100|X|) magnitudes, positive differences summed over bins.
// An onset is a local maximum of the flux above its moving median (+/- 0.25 s)
// by `delta` times the flux's mean, at least 50 ms after the previous one.
inline OnsetAnalysis detect_onsets(const AudioBuffer& audio, double delta = 0.5) {
  constexpr std::size_t kFrame = 2048, kHop = 512;
  OnsetAnalysis out;
  out.hop_seconds = static_cast<double>(kHop) / audio.sample_rate;
  const std::size_t frames = audio.frames();
  const auto channels = static_cast<std::size_t>(audio.channels);
  std::vector<double> window(kFrame), previous(kFrame / 2 + 1, 0.0), magnitude(kFrame / 2 + 1);
  for (std::size_t i = 0; i < kFrame; ++i)
    window[i] = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * static_cast<double>(i) / kFrame);
  std::vector<std::complex<double>> buf(kFrame);
  for (std::size_t start = 0; start + kFrame <= frames; start += kHop) {
    for (std::size_t i = 0; i < kFrame; ++i) {
      double v = 0;
      for (std::size_t c = 0; c < channels; ++c)
        v += audio.samples[(start + i) * channels + c];
      buf[i] = v / static_cast<double>(channels) * window[i];
    }
    fft(buf);
    double flux = 0;
    for (std::size_t k = 0; k <= kFrame / 2; ++k) {
      magnitude[k] = std::log1p(100.0 * std::abs(buf[k]));
      flux += std::max(0.0, magnitude[k] - previous[k]);
    }
    previous = magnitude;
    out.flux.push_back(start == 0 ? 0.0 : flux);
  }
  if (out.flux.size() < 3) return out;
  double mean = 0;
  for (double f : out.flux)
    mean += f;
  mean /= static_cast<double>(out.flux.size());
  const auto half = static_cast<std::size_t>(std::lround(0.25 / out.hop_seconds));
  const auto min_gap = static_cast<std::size_t>(std::lround(0.05 / out.hop_seconds));
  std::vector<double> around;
  for (std::size_t i = 1; i + 1 < out.flux.size(); ++i) {
    const double f = out.flux[i];
    if (f < out.flux[i - 1] || f < out.flux[i + 1]) continue;
    const std::size_t lo = i > half ? i - half : 0, hi = std::min(out.flux.size(), i + half + 1);
    around.assign(out.flux.begin() + static_cast<std::ptrdiff_t>(lo),
                  out.flux.begin() + static_cast<std::ptrdiff_t>(hi));
    std::nth_element(around.begin(),
                     around.begin() + static_cast<std::ptrdiff_t>(around.size() / 2), around.end());
    if (f <= around[around.size() / 2] + delta * mean) continue;
    if (!out.onsets.empty() && i - out.onsets.back() < min_gap) continue;
    out.onsets.push_back(i);
  }
  out.onsets_per_second =
      static_cast<double>(out.onsets.size()) / (static_cast<double>(frames) / audio.sample_rate);
  return out;
}

// The beat period (in bpm, 60-200) whose lag best autocorrelates the
// mean-removed flux. Like any tempo tracker it may land on an octave of the
// written tempo (a 56 bpm ballad with eighth-note piano reads 112).
inline double estimate_bpm(const OnsetAnalysis& a) {
  std::vector<double> x = a.flux;
  double mean = 0;
  for (double v : x)
    mean += v;
  mean /= static_cast<double>(std::max<std::size_t>(1, x.size()));
  for (double& v : x)
    v -= mean;
  double best = 0, best_bpm = 0;
  for (double bpm = 60; bpm <= 200; bpm += 0.5) {
    const double lag = 60.0 / bpm / a.hop_seconds;
    const auto l0 = static_cast<std::size_t>(lag);
    const double frac = lag - static_cast<double>(l0);
    double sum = 0;
    for (std::size_t i = 0; i + l0 + 1 < x.size(); ++i)
      sum += x[i] * ((1 - frac) * x[i + l0] + frac * x[i + l0 + 1]);
    if (sum > best) {
      best = sum;
      best_bpm = bpm;
    }
  }
  return best_bpm;
}

// The normalised autocorrelation of the mean-removed onset strength at a lag
// of `beats` written beats: music whose bar is `beats` long repeats its accent
// pattern at that lag. Needs no beat grid, so no phase to find.
inline double periodicity_at(const OnsetAnalysis& a, double bpm, double beats) {
  std::vector<double> x = a.flux;
  double mean = 0;
  for (double v : x)
    mean += v;
  mean /= static_cast<double>(std::max<std::size_t>(1, x.size()));
  double energy = 0;
  for (double& v : x) {
    v -= mean;
    energy += v * v;
  }
  const double lag = beats * 60.0 / bpm / a.hop_seconds;
  const auto l0 = static_cast<std::size_t>(lag);
  const double frac = lag - static_cast<double>(l0);
  double sum = 0;
  for (std::size_t i = 0; i + l0 + 1 < x.size(); ++i)
    sum += x[i] * ((1 - frac) * x[i + l0] + frac * x[i + l0 + 1]);
  return energy > 0 ? sum / energy : 0;
}

}  // namespace l402d::engines::music::testing
