#include "engines/music/compose/melody.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace l402d::engines::music {

PitchRange voice_range(Voice voice) {
  return voice == Voice::female ? PitchRange{57, 76} : PitchRange{45, 64};
}

double shortest_note(double bpm) {
  return bpm < 100 ? 0.5 : 0.25;
}

double comfortable_note(double bpm) {
  return bpm > 132 ? 1 : 0.5;
}

int line_bars(std::size_t syllables, double bpm, int beats_per_bar) {
  const double n = static_cast<double>(std::max<std::size_t>(syllables, 1));
  const double bar = beats_per_bar;
  constexpr double kBreath = 1;
  const double comfortable = comfortable_note(bpm);
  // Slow songs: a short line fits one bar of eighths. Two bars would give each
  // syllable about a second, and a word sung that slowly is not understood
  // (issue 17: lo-fi vowels lasted 0.94 s).
  if (bpm <= 84 && n * 0.5 + kBreath / 2 <= bar) return 1;
  if (n * comfortable + kBreath <= 2 * bar) return 2;
  if (n * comfortable + kBreath <= 4 * bar) return 4;
  if (n * 0.5 + kBreath <= 2 * bar) return 2;
  if (n * 0.5 + kBreath <= 4 * bar) return 4;
  if (n * shortest_note(bpm) + kBreath <= 4 * bar) return 4;
  const int bars = static_cast<int>(std::ceil((n * 0.5 + kBreath) / bar));
  return bars + bars % 2;
}

const Chord* chord_at(const std::vector<Chord>& chords, double beat) {
  const Chord* found = nullptr;
  auto it = std::upper_bound(chords.begin(), chords.end(), beat + 1e-9,
                             [](double t, const Chord& c) { return t < c.start_beats; });
  if (it != chords.begin()) found = &*std::prev(it);
  return found;
}

double swing_time(double beat, double swing) {
  if (swing <= 0) return beat;
  const double whole = std::floor(beat);
  const double frac = beat - whole;
  const double mid = 0.5 + swing / 6;  // a triplet swing puts the "and" at 2/3
  const double mapped = frac < 0.5 ? frac * mid / 0.5 : mid + (frac - 0.5) * (1 - mid) / 0.5;
  return whole + mapped;
}

namespace {

// Slots of `grid` beats for each of `count` notes, filling `slots` at most.
std::vector<int> rhythm(std::size_t count, int slots, double grid, Rng& rng) {
  std::vector<int> lengths(count, 1);
  if (count == 0) return lengths;
  int spare = slots - static_cast<int>(count);
  if (spare <= 0) return lengths;
  // Roomy lines get even, longer notes (up to half notes), the rest is breath.
  const int cap = std::max(1, static_cast<int>(std::lround(2.0 / grid)));
  const int even = std::min(cap, slots / static_cast<int>(count));
  if (even > 1) {
    for (auto& l : lengths)
      l = even;
    spare = slots - even * static_cast<int>(count);
  }
  // The last syllable of a line is held; then a few others, chosen at random
  // but never two neighbours, so the rhythm has long-short figures.
  const int hold =
      std::min((spare + 1) / 2, std::max(1, static_cast<int>(std::lround(2.0 / grid))));
  lengths.back() += hold;
  spare -= hold;
  for (int tries = 0; spare > 0 && tries < static_cast<int>(count) * 2; ++tries) {
    const auto i = static_cast<std::size_t>(rng.range(0, static_cast<int>(count) - 1));
    if (lengths[i] >= cap) continue;
    const int add = std::min(spare, lengths[i]);  // doubling: eighth -> quarter
    lengths[i] += add;
    spare -= add;
  }
  // Dotted figures: a pair of equal notes becomes long-short now and then.
  for (std::size_t i = 0; i + 2 < count; i += 2) {
    if (lengths[i] == lengths[i + 1] && lengths[i] % 2 == 0 && lengths[i] >= 2 && rng.chance(0.3)) {
      lengths[i] += lengths[i] / 2;
      lengths[i + 1] -= lengths[i + 1] / 2;
    }
  }
  return lengths;
}

bool on_beat(double t) {
  return std::fabs(t - std::round(t)) < 1e-6;
}

// How strongly a pitch class says "this key": the tonic most, then its third
// and fifth. A minor progression visits the relative major's chords (III, VI,
// VII), and a melody choosing freely among chord tones centred on that major
// (issue 17: an A-minor ballad's line read as C major); pulling the notes
// toward the tonic triad makes the line read in the song's own key and mode.
double tonal_pull(int pc, int key_root, const std::vector<int>& scale) {
  const int degree = ((pc - key_root) % 12 + 12) % 12;
  const bool minor = std::find(scale.begin(), scale.end(), (key_root + 3) % 12) != scale.end();
  if (degree == 0) return 3.0;
  if (degree == (minor ? 3 : 4)) return 0.4;
  if (degree == 7) return 1.2;
  return 0;
}

}  // namespace

std::vector<MelodyNote> write_phrase(std::size_t count, double start, int bars,
                                     const std::vector<Chord>& chords,
                                     const std::vector<int>& scale, int key_root,
                                     const PhraseShape& shape, int previous, Rng& rng,
                                     int beats_per_bar, const std::vector<MelodyNote>* rhythm_of) {
  std::vector<MelodyNote> notes;
  if (count == 0) return notes;
  const double total = static_cast<double>(bars * beats_per_bar);
  const double breath = 1;
  double grid = comfortable_note(shape.bpm);
  if (static_cast<double>(count) * grid + breath > total) grid = 0.5;
  if (static_cast<double>(count) * grid + breath > total) grid = shortest_note(shape.bpm);
  if (static_cast<double>(count) * grid + breath > total) grid = 0.25;  // never lose a syllable
  const int slots = std::max(static_cast<int>(count),
                             static_cast<int>(std::floor((total - breath) / grid + 1e-9)));
  auto lengths = rhythm(count, slots, grid, rng);

  int used = 0;
  for (const int l : lengths)
    used += l;
  // A line with room to spare may start on the "and" of one, as singers often do.
  int offset = 0;
  if (slots - used >= 2 && rng.chance(0.25)) offset = 1;

  const PitchRange range = shape.range;
  int prev = previous > 0 ? previous : shape.center;
  int position = offset;
  int repeats = 1;
  const bool reuse = rhythm_of != nullptr && rhythm_of->size() == count;
  for (std::size_t i = 0; i < count; ++i) {
    const double rel = reuse ? (*rhythm_of)[i].start_beats : position * grid;
    const double len = reuse ? (*rhythm_of)[i].length_beats : lengths[i] * grid;
    position += lengths[i];
    const double t = start + rel;
    const double progress =
        count == 1 ? 0.5 : static_cast<double>(i) / static_cast<double>(count - 1);
    // An arch (or a fall for answering lines) around the centre.
    const double arc = shape.descend
                           ? shape.arch * (1 - progress) - 1.0
                           : shape.arch * std::sin(3.14159265358979 * std::pow(progress, 0.8));
    const double target = shape.center + arc + (rng.unit() - 0.5) * 2.0;
    const Chord* chord = chord_at(chords, t);
    const bool strong = on_beat(rel) || i + 1 == count;
    int best = prev;
    double best_cost = std::numeric_limits<double>::max();
    for (int p = range.low; p <= range.high; ++p) {
      const int pc = ((p % 12) + 12) % 12;
      const bool chord_tone = chord != nullptr && chord->has_pitch_class(p);
      const bool in_scale = std::find(scale.begin(), scale.end(), pc) != scale.end();
      if (strong && !chord_tone) continue;
      if (!strong && !in_scale && !chord_tone) continue;
      const int leap = std::abs(p - prev);
      double cost = std::fabs(p - target) + 0.35 * leap;
      if (leap > 7) cost += 4;
      if (!strong && leap > 4) cost += 2;    // between beats the voice moves by step
      if (leap == 0) cost += repeats * 0.9;  // some repeated notes, not drones
      cost -= tonal_pull(pc, key_root, scale) * (strong ? 1.0 : 0.5);
      if (i + 1 == count && shape.cadence && pc != key_root % 12) cost += 6;
      if (i + 1 == count && chord != nullptr && pc == chord->root) cost -= 1;
      if (cost < best_cost) {
        best_cost = cost;
        best = p;
      }
    }
    best = std::clamp(best, range.low, range.high);
    notes.push_back({t, len, best});
    repeats = best == prev ? repeats + 1 : 1;
    prev = best;
  }
  if (shape.swing > 0 && grid >= 0.5 && !reuse) {
    for (auto& note : notes) {
      const double end = swing_time(note.start_beats + note.length_beats - start, shape.swing);
      note.start_beats = start + swing_time(note.start_beats - start, shape.swing);
      note.length_beats = start + end - note.start_beats;
    }
  }
  return notes;
}

}  // namespace l402d::engines::music
