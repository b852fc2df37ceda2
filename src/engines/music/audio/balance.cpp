#include "engines/music/audio/balance.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "engines/music/audio/loudness_range.hpp"
#include "engines/music/audio/mix.hpp"

namespace l402d::engines::music::audio {

namespace {

double lufs(double mean_square) {
  return -0.691 + 10.0 * std::log10(mean_square);
}

}  // namespace

BalanceReport balance_voice(const AudioBuffer& band, AudioBuffer& voice, double target_lu) {
  BalanceReport r;
  const std::vector<double> v = block_energies(voice);
  const std::vector<double> b = block_energies(band);
  double peak = 0;
  for (double e : v)
    peak = std::max(peak, e);
  if (peak <= 0) return r;
  // Blocks where the voice sings: within 25 dB of its loudest block, so
  // rests, breaths and reverb tails do not count.
  const double floor = peak * std::pow(10.0, -25.0 / 10.0);
  double sv = 0, sb = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < v.size() && i < b.size(); ++i) {
    if (v[i] < floor) continue;
    sv += v[i];
    sb += b[i];
    ++n;
  }
  if (n == 0 || sb <= 0) return r;
  r.voice_lufs = lufs(sv / static_cast<double>(n));
  r.band_lufs = lufs(sb / static_cast<double>(n));
  r.voice_gain_db = std::clamp(target_lu - (r.voice_lufs - r.band_lufs), -30.0, 30.0);
  apply_gain_db(voice, r.voice_gain_db);
  r.voice_over_band_lu = r.voice_lufs + r.voice_gain_db - r.band_lufs;
  return r;
}

}  // namespace l402d::engines::music::audio
