#include "engines/music/audio/master.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "engines/music/audio/limiter.hpp"
#include "engines/music/audio/loudness.hpp"
#include "engines/music/audio/true_peak.hpp"

namespace l402d::engines::music::audio {

MasterReport master(AudioBuffer& audio, const MasterOptions& options) {
  if (audio.channels <= 0 || audio.sample_rate <= 0) {
    throw std::invalid_argument("master: channels and sample_rate must be positive");
  }
  MasterReport report;
  const auto ch_count = static_cast<std::size_t>(audio.channels);
  const std::size_t frames = audio.frames();
  const std::vector<float>& in = audio.samples;

  report.input_lufs = integrated_loudness(audio);
  const std::vector<float> envelope = true_peak_envelope(in, audio.channels);
  const double input_tp =
      envelope.empty() ? 0.0 : *std::max_element(envelope.begin(), envelope.end());
  report.input_true_peak_dbtp = gain_to_db(input_tp);
  if (input_tp <= 0) {  // digital silence: nothing to do
    report.output_lufs = report.input_lufs;
    report.output_true_peak_dbtp = report.output_sample_peak_dbfs = gain_to_db(0);
    return report;
  }

  // Audio too short to gate (< 400 ms) has no loudness: only protect peaks.
  const bool measurable = std::isfinite(report.input_lufs);
  double gain_db =
      measurable ? std::min(options.target_lufs - report.input_lufs, options.max_gain_db) : 0.0;

  LimiterOptions limiter;
  limiter.ceiling_db = options.ceiling_dbtp - options.limiter_margin_db;
  limiter.attack_ms = options.attack_ms;
  limiter.release_ms = options.release_ms;

  std::vector<float> out(in.size());
  std::vector<float> gain;
  double out_lufs = report.input_lufs;
  const double ceiling = db_to_gain(limiter.ceiling_db);
  for (int pass = 1; pass <= std::max(1, options.max_passes); ++pass) {
    const double pre_gain = db_to_gain(gain_db);
    report.passes = pass;
    if (pre_gain * input_tp <= ceiling) {
      // Nothing to limit: a plain gain. It moves the loudness by exactly
      // gain_db: the relative gate is scale-invariant, and the absolute gate
      // (-70 LUFS) only matters for blocks already 10 LU under the mean.
      const auto g = static_cast<float>(pre_gain);
      for (std::size_t i = 0; i < in.size(); ++i)
        out[i] = in[i] * g;
      gain.assign(frames, 1.0F);
      out_lufs = report.input_lufs + gain_db;
      break;
    }
    std::vector<float>().swap(gain);  // not two gain curves at once (peak RSS)
    gain = limiter_gain(envelope, pre_gain, audio.sample_rate, limiter);
    for (std::size_t n = 0; n < frames; ++n) {
      const float g = static_cast<float>(pre_gain) * gain[n];
      for (std::size_t c = 0; c < ch_count; ++c)
        out[n * ch_count + c] = in[n * ch_count + c] * g;
    }
    out_lufs = integrated_loudness(out, audio.channels, audio.sample_rate);
    if (!measurable) break;
    const double shortfall = options.target_lufs - out_lufs;
    if (std::fabs(shortfall) <= options.tolerance_lu || gain_db >= options.max_gain_db) break;
    gain_db = std::min(gain_db + shortfall, options.max_gain_db);
  }
  report.gain_db = gain_db;

  float min_gain = 1.0F;
  std::size_t limited = 0;
  const float touched = static_cast<float>(db_to_gain(-0.5));
  for (float g : gain) {
    min_gain = std::min(min_gain, g);
    if (g < touched) ++limited;
  }
  report.limiter_max_reduction_db = -gain_to_db(min_gain);
  report.limited_fraction = frames ? static_cast<double>(limited) / static_cast<double>(frames) : 0;

  double out_tp = true_peak(out, audio.channels);
  const double ceiling_guard = options.ceiling_dbtp - 0.05;
  if (gain_to_db(out_tp) > ceiling_guard) {
    report.trim_db = ceiling_guard - gain_to_db(out_tp);
    const auto trim = static_cast<float>(db_to_gain(report.trim_db));
    for (float& s : out)
      s *= trim;
    // Scaling is linear: both measures move by exactly the trim.
    out_tp *= trim;
    out_lufs += report.trim_db;
  }
  // Never reached with a finite ceiling below 0 dBTP; a guard against NaN
  // input or a caller's ceiling above full scale.
  for (float& s : out)
    s = std::isfinite(s) ? std::clamp(s, -1.0F, 1.0F) : 0.0F;

  report.output_lufs = out_lufs;
  report.output_true_peak_dbtp = gain_to_db(out_tp);
  report.output_sample_peak_dbfs = gain_to_db(sample_peak(out));
  report.target_reached = measurable && std::fabs(out_lufs - options.target_lufs) <= 1.0;
  audio.samples = std::move(out);
  return report;
}

}  // namespace l402d::engines::music::audio
