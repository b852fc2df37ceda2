#include "engines/music/audio/compressor.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engines/music/audio/denormals.hpp"

namespace l402d::engines::music::audio {
namespace {

// Static curve: gain reduction (dB, >= 0) for an input level (dB).
double reduction_db(double level_db, const CompressorOptions& o) {
  const double over = level_db - o.threshold_db;
  const double slope = 1.0 - 1.0 / o.ratio;
  if (o.knee_db > 0 && std::fabs(over) <= o.knee_db / 2) {
    const double x = over + o.knee_db / 2;
    return slope * x * x / (2 * o.knee_db);
  }
  return over > 0 ? slope * over : 0.0;
}

double coefficient(double ms, int sample_rate) {
  return ms > 0 ? std::exp(-1.0 / (ms * 1e-3 * sample_rate)) : 0.0;
}

}  // namespace

CompressorReport compress(AudioBuffer& audio, const CompressorOptions& options) {
  if (audio.channels <= 0 || audio.sample_rate <= 0 || options.ratio < 1.0) {
    throw std::invalid_argument("compress: bad buffer or ratio < 1");
  }
  const ScopedFlushDenormals flush;
  const auto ch_count = static_cast<std::size_t>(audio.channels);
  const std::size_t frames = audio.frames();
  const double attack = coefficient(options.attack_ms, audio.sample_rate);
  const double release = coefficient(options.release_ms, audio.sample_rate);
  const double makeup = options.makeup_db;

  CompressorReport report;
  double level = 0;     // peak envelope: instant rise, release-time fall
  double smoothed = 0;  // gain reduction in dB, attack-smoothed
  for (std::size_t n = 0; n < frames; ++n) {
    float peak = 0;
    for (std::size_t c = 0; c < ch_count; ++c) {
      peak = std::max(peak, std::fabs(audio.samples[n * ch_count + c]));
    }
    // The detector follows the waveform's envelope, not its instantaneous
    // value, so a steady tone gets a steady gain (no ripple at the tone's
    // frequency) and the release applies to the envelope as a whole.
    level = std::max(static_cast<double>(peak), level * release);
    const double target = level > 1e-9 ? reduction_db(20.0 * std::log10(level), options) : 0.0;
    smoothed = target > smoothed ? target + attack * (smoothed - target) : target;
    report.max_reduction_db = std::max(report.max_reduction_db, smoothed);
    if (smoothed == 0 && makeup == 0) continue;
    const auto g = static_cast<float>(std::pow(10.0, (makeup - smoothed) / 20.0));
    for (std::size_t c = 0; c < ch_count; ++c)
      audio.samples[n * ch_count + c] *= g;
  }
  return report;
}

}  // namespace l402d::engines::music::audio
