#include "intelligibility/section_loudness.hpp"

#include <algorithm>
#include <cmath>

#include "engines/music/audio/loudness_range.hpp"

namespace l402d::engines::music::intelligibility {

namespace {

double power_mean(const std::vector<double>& lufs) {
  if (lufs.empty()) return NAN;
  double p = 0;
  for (double l : lufs)
    p += std::pow(10.0, l / 10.0);
  return 10.0 * std::log10(p / static_cast<double>(lufs.size()));
}

}  // namespace

SongBalance song_balance(const AudioBuffer& mastered, const Score& score) {
  SongBalance b;
  const double fpb = score.seconds_per_beat() * mastered.sample_rate;
  std::vector<double> verses, choruses;
  for (const Section& s : score.sections) {
    SectionLoudness sl;
    sl.kind = s.kind;
    for (const SungNote& n : score.vocals.notes) {
      sl.sung = sl.sung ||
                (n.start_beats >= s.start_beats && n.start_beats < s.start_beats + s.length_beats);
    }
    const auto from = static_cast<std::size_t>(std::lround(s.start_beats * fpb));
    const auto to = static_cast<std::size_t>(std::lround((s.start_beats + s.length_beats) * fpb));
    sl.lufs = audio::gated_loudness(mastered, from, to);
    if (!std::isfinite(sl.lufs)) continue;
    if (sl.sung && s.kind == "chorus") choruses.push_back(sl.lufs);
    if (sl.sung && s.kind != "chorus") verses.push_back(sl.lufs);
    b.sections.push_back(sl);
  }
  if (verses.empty()) verses = choruses;
  b.verse_lufs = power_mean(verses);
  if (!choruses.empty()) b.chorus_lift_lu = power_mean(choruses) - b.verse_lufs;
  double drop = NAN, loudest_other = -INFINITY;
  for (const SectionLoudness& s : b.sections) {
    if (!s.sung) {
      b.worst_instrumental_gap =
          std::max(b.worst_instrumental_gap, std::abs(s.lufs - b.verse_lufs));
    }
    if (score.genre == "electronic" && s.kind == "instrumental") {
      drop = std::isnan(drop) ? s.lufs : std::max(drop, s.lufs);
    } else {
      loudest_other = std::max(loudest_other, s.lufs);
    }
  }
  if (!std::isnan(drop)) b.drop_lead_lu = drop - loudest_other;
  return b;
}

}  // namespace l402d::engines::music::intelligibility
