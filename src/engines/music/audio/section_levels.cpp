#include "engines/music/audio/section_levels.hpp"

#include <algorithm>
#include <cmath>

#include "engines/music/audio/loudness_range.hpp"

namespace l402d::engines::music::audio {

namespace {

// The reference level: the power mean of the sung sections other than
// choruses (the verses), or of every sung section, or of every section.
double reference_lufs(const std::vector<SectionSpan>& spans, const std::vector<double>& lufs) {
  for (int pass = 0; pass < 3; ++pass) {
    double power = 0, frames = 0;
    for (std::size_t i = 0; i < spans.size(); ++i) {
      const SectionSpan& s = spans[i];
      const bool wanted = pass == 0 ? s.sung && s.kind != "chorus" : pass == 1 ? s.sung : true;
      if (!wanted || !std::isfinite(lufs[i])) continue;
      const auto n = static_cast<double>(s.to - s.from);
      power += n * std::pow(10.0, lufs[i] / 10.0);
      frames += n;
    }
    if (frames > 0) return 10.0 * std::log10(power / frames);
  }
  return 0;
}

}  // namespace

double section_offset_lu(const SectionSpan& span) {
  // 1.5 LU over the choruses, so that measured after mastering the drop
  // still clearly leads them.
  if (span.drop) return 2.5;
  if (span.kind == "chorus") return 1.0;
  if (!span.sung) return -1.0;
  return 0.0;
}

std::vector<SectionLevel> level_sections(AudioBuffer& mix, const std::vector<SectionSpan>& spans,
                                         double max_gain_db, double ramp_seconds) {
  std::vector<SectionLevel> out;
  std::vector<double> lufs;
  for (const SectionSpan& s : spans) {
    const bool long_enough = s.to > s.from + static_cast<std::size_t>(mix.sample_rate);
    lufs.push_back(long_enough ? gated_loudness(mix, s.from, s.to) : -INFINITY);
  }
  const double reference = reference_lufs(spans, lufs);
  std::vector<double> gains;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    SectionLevel level{spans[i].kind, lufs[i], reference + section_offset_lu(spans[i]), 0};
    if (std::isfinite(lufs[i])) {
      level.gain_db = std::clamp(level.target_lufs - lufs[i], -max_gain_db, max_gain_db);
    }
    gains.push_back(level.gain_db);
    out.push_back(level);
  }
  // Gain per frame: each section's gain, moved linearly in dB across a ramp
  // centred on each boundary so no step is heard.
  const auto ch = static_cast<std::size_t>(mix.channels);
  const double ramp = std::max(1.0, ramp_seconds * mix.sample_rate);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const SectionSpan& s = spans[i];
    const double before = i > 0 ? gains[i - 1] : gains[i];
    const double after = i + 1 < spans.size() ? gains[i + 1] : gains[i];
    const std::size_t to = std::min(s.to, mix.frames());
    // pow() only inside the ramps, where the gain moves: called for every
    // frame it was nearly all of this function's time.
    const auto steady = static_cast<float>(std::pow(10.0, gains[i] / 20.0));
    for (std::size_t f = s.from; f < to; ++f) {
      const double into = static_cast<double>(f - s.from), left = static_cast<double>(s.to - f);
      float k = steady;
      if (into < ramp / 2 || left < ramp / 2) {
        double g = gains[i];
        if (into < ramp / 2) g = before + (gains[i] - before) * (0.5 + into / ramp);
        if (left < ramp / 2) g = after + (gains[i] - after) * (0.5 + left / ramp);
        k = static_cast<float>(std::pow(10.0, g / 20.0));
      }
      for (std::size_t c = 0; c < ch; ++c)
        mix.samples[f * ch + c] *= k;
    }
  }
  return out;
}

}  // namespace l402d::engines::music::audio
