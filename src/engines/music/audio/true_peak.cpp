#include "engines/music/audio/true_peak.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace l402d::engines::music::audio {
namespace {

constexpr std::size_t kTaps = 12;
constexpr std::size_t kPhases = 4;

// BS.1770-4 Annex 2, Table 1: phase p computes y[4n+p] = sum_k h[p][k] x[n-k].
constexpr float kInterpolator[kPhases][kTaps] = {
    {0.0017089843750F, 0.0109863281250F, -0.0196533203125F, 0.0332031250000F, -0.0594482421875F,
     0.1373291015625F, 0.9721679687500F, -0.1022949218750F, 0.0476074218750F, -0.0266113281250F,
     0.0148925781250F, -0.0083007812500F},
    {-0.0291748046875F, 0.0292968750000F, -0.0517578125000F, 0.0891113281250F, -0.1665039062500F,
     0.4650878906250F, 0.7797851562500F, -0.2003173828125F, 0.1015625000000F, -0.0582275390625F,
     0.0330810546875F, -0.0189208984375F},
    {-0.0189208984375F, 0.0330810546875F, -0.0582275390625F, 0.1015625000000F, -0.2003173828125F,
     0.7797851562500F, 0.4650878906250F, -0.1665039062500F, 0.0891113281250F, -0.0517578125000F,
     0.0292968750000F, -0.0291748046875F},
    {-0.0083007812500F, 0.0148925781250F, -0.0266113281250F, 0.0476074218750F, -0.1022949218750F,
     0.9721679687500F, 0.1373291015625F, -0.0594482421875F, 0.0332031250000F, -0.0196533203125F,
     0.0109863281250F, 0.0017089843750F},
};

// Interpolated output o of phase p sits between inputs o-6 and o-5 (the main
// taps are k = 5, 6). Phases 0-1 of output m+6 and phases 2-3 of output m+5
// fall beside frame m; so frame m reads inputs m-6 .. m+6.
constexpr std::ptrdiff_t kReach = 6;
constexpr std::size_t kBlock = 2048;

// Calls fold(first_frame, values, count) with the per-frame maximum of
// |sample| and |interpolated points| of one channel at a time. Frames
// [-kReach, frames + kReach) are visited so that the interpolator's lead-in
// and ring-out are measured too; fold clamps them to the first/last frame.
template <class Fold>
void scan(std::span<const float> interleaved, std::size_t ch_count, Fold&& fold) {
  const auto frames = static_cast<std::ptrdiff_t>(interleaved.size() / ch_count);
  std::array<float, kBlock + 2 * kReach> buf{};
  std::array<float, kBlock> values{};
  for (std::size_t ch = 0; ch < ch_count; ++ch) {
    for (std::ptrdiff_t b = -kReach; b < frames + kReach;
         b += static_cast<std::ptrdiff_t>(kBlock)) {
      const std::ptrdiff_t n = std::min<std::ptrdiff_t>(kBlock, frames + kReach - b);
      for (std::ptrdiff_t j = 0; j < n + 2 * kReach; ++j) {
        const std::ptrdiff_t idx = b - kReach + j;
        buf[static_cast<std::size_t>(j)] =
            idx >= 0 && idx < frames ? interleaved[static_cast<std::size_t>(idx) * ch_count + ch]
                                     : 0.0F;
      }
      // Straight-line body once the 12-tap loops are unrolled: the compiler
      // vectorises across frames.
      for (std::ptrdiff_t i = 0; i < n; ++i) {
        const float* w = buf.data() + i;  // w[j] = x[m - 6 + j]
        float p0 = 0, p1 = 0, p2 = 0, p3 = 0;
        for (std::size_t k = 0; k < kTaps; ++k) {
          p0 += kInterpolator[0][k] * w[12 - k];
          p1 += kInterpolator[1][k] * w[12 - k];
          p2 += kInterpolator[2][k] * w[11 - k];
          p3 += kInterpolator[3][k] * w[11 - k];
        }
        const float a = std::max(std::fabs(p0), std::fabs(p1));
        const float c = std::max(std::fabs(p2), std::fabs(p3));
        values[static_cast<std::size_t>(i)] = std::max(std::max(a, c), std::fabs(w[kReach]));
      }
      fold(b, values.data(), n);
    }
  }
}

}  // namespace

double gain_to_db(double gain) {
  return gain > 0 ? 20.0 * std::log10(gain) : -std::numeric_limits<double>::infinity();
}

double db_to_gain(double db) {
  return std::pow(10.0, db / 20.0);
}

double sample_peak(std::span<const float> interleaved) {
  float peak = 0;
  for (float s : interleaved)
    peak = std::max(peak, std::fabs(s));
  return peak;
}

std::vector<float> true_peak_envelope(std::span<const float> interleaved, int channels) {
  if (channels <= 0) throw std::invalid_argument("true_peak_envelope: channels must be positive");
  const auto ch_count = static_cast<std::size_t>(channels);
  const auto frames = static_cast<std::ptrdiff_t>(interleaved.size() / ch_count);
  std::vector<float> envelope(static_cast<std::size_t>(frames), 0.0F);
  if (frames == 0) return envelope;
  float* env = envelope.data();
  scan(interleaved, ch_count, [&](std::ptrdiff_t first, const float* v, std::ptrdiff_t n) {
    if (first >= 0 && first + n <= frames) {
      float* e = env + first;
      for (std::ptrdiff_t i = 0; i < n; ++i)
        e[i] = std::max(e[i], v[i]);
      return;
    }
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const std::ptrdiff_t m = std::clamp<std::ptrdiff_t>(first + i, 0, frames - 1);
      env[m] = std::max(env[m], v[i]);
    }
  });
  return envelope;
}

double true_peak(std::span<const float> interleaved, int channels) {
  if (channels <= 0) throw std::invalid_argument("true_peak: channels must be positive");
  float peak = 0;
  if (interleaved.size() < static_cast<std::size_t>(channels)) return 0.0;
  scan(interleaved, static_cast<std::size_t>(channels),
       [&](std::ptrdiff_t, const float* v, std::ptrdiff_t n) {
         for (std::ptrdiff_t i = 0; i < n; ++i)
           peak = std::max(peak, v[i]);
       });
  return peak;
}

double true_peak(const AudioBuffer& audio) {
  return true_peak(audio.samples, audio.channels);
}

}  // namespace l402d::engines::music::audio
