#include "engines/music/compose/drums.hpp"

#include <algorithm>
#include <cmath>

#include "engines/music/compose/gm.hpp"
#include "engines/music/compose/melody.hpp"

namespace l402d::engines::music {

namespace {

void hats(std::vector<DrumHit>& bar, int key, double step, int velocity) {
  for (double t = 0; t < 4 - 1e-9; t += step) {
    const bool beat = std::fabs(t - std::round(t)) < 1e-9;
    bar.push_back({t, key, beat ? velocity : velocity - 12});
  }
}

}  // namespace

// Three- and six-beat bars have their own feel: a 4/4 groove cut short would
// put its backbeat in the wrong place.
std::vector<DrumHit> compound_groove(int beats_per_bar, int density) {
  using namespace gm;
  std::vector<DrumHit> bar;
  bar.push_back({0, kKick, 105});
  for (int b = 0; b < beats_per_bar; ++b) {
    const auto at = static_cast<double>(b);
    if (beats_per_bar == 3) {  // waltz: oom-pah-pah
      if (b > 0 || density >= 3) bar.push_back({at, kClosedHat, 70});
      if (b > 0 && density >= 2) bar.push_back({at, kSideStick, 60});
    } else {  // 6/8: two dotted-quarter pulses, backbeat on the second
      bar.push_back({at, kClosedHat, b % 3 == 0 ? 75 : 58});
      if (b == 3) bar.push_back({at, kSnare, density >= 2 ? 100 : 70});
      if (b == 5 && density >= 3) bar.push_back({at, kKick, 80});
    }
  }
  return bar;
}

std::vector<DrumHit> drum_groove(Genre genre, int density, int beats_per_bar) {
  if (density > 0 && beats_per_bar != 4) return compound_groove(beats_per_bar, density);
  return drum_groove(genre, density);
}

std::vector<DrumHit> drum_groove(Genre genre, int density) {
  std::vector<DrumHit> bar;
  if (density <= 0) return bar;
  using namespace gm;
  switch (genre) {
    case Genre::jazz:
      // Ride "ding, ding-a-ding" (the swing is applied later), hat on 2 and 4.
      bar = {{0, kRide, 80}, {1, kRide, 86}, {2, kRide, 80}, {3, kRide, 86}};
      if (density >= 2) bar.insert(bar.end(), {{1.5, kRide, 66}, {3.5, kRide, 66}});
      bar.insert(bar.end(), {{1, kPedalHat, 70}, {3, kPedalHat, 70}});
      if (density >= 2) bar.push_back({0, kKick, 50});
      if (density >= 3) bar.insert(bar.end(), {{2.5, kSnare, 55}, {3.5, kSideStick, 50}});
      return bar;
    case Genre::electronic:
      bar = {{0, kKick, 110}, {1, kKick, 105}, {2, kKick, 110}, {3, kKick, 105}};
      if (density >= 2) {
        bar.insert(bar.end(), {{1, kClap, 95}, {3, kClap, 95}});
        for (double t = 0.5; t < 4; t += 1)
          bar.push_back({t, kOpenHat, 80});
      }
      if (density >= 3) hats(bar, kClosedHat, 0.25, 62);
      if (density == 1) hats(bar, kClosedHat, 1, 60);
      return bar;
    case Genre::reggae:
      // One drop: kick and rim together on beat 3, nothing on the one.
      bar = {{2, kKick, 100}, {2, density >= 3 ? kSnare : kSideStick, 95}};
      hats(bar, kClosedHat, density >= 2 ? 0.5 : 1, 70);
      if (density >= 3) bar.push_back({3.5, kOpenHat, 72});
      return bar;
    case Genre::latin:
      bar = {{0, kKick, 95}, {1.5, kKick, 80}, {2, kKick, 90}, {3.5, kKick, 80}};
      bar.insert(bar.end(), {{0, kClaves, 80},
                             {0.75, kClaves, 76},
                             {1.5, kClaves, 78},
                             {2.5, kClaves, 80},
                             {3, kClaves, 80}});
      if (density >= 2) {
        bar.insert(
            bar.end(),
            {{1, kLowConga, 80}, {1.5, kHighConga, 70}, {3, kLowConga, 80}, {3.5, kHighConga, 70}});
      }
      if (density >= 3) {
        hats(bar, kMaracas, 0.5, 64);
        bar.push_back({3.5, kCowbell, 70});
      }
      return bar;
    case Genre::metal:
      bar = {{1, kSnare, 115}, {3, kSnare, 115}};
      if (density >= 3) {
        for (double t = 0; t < 4; t += 0.25)
          bar.push_back({t, kKick, 100});
        hats(bar, kRide, 1, 90);
      } else {
        for (double t = 0; t < 4; t += 0.5)
          bar.push_back({t, kKick, 100});
        hats(bar, kClosedHat, 0.5, 85);
      }
      return bar;
    case Genre::hip_hop:
      bar = {{0, kKick, 110},
             {0.75, kKick, 85},
             {2.5, kKick, 100},
             {1, kSnare, 105},
             {3, kSnare, 105}};
      if (density >= 2) bar.push_back({1, kClap, 80});
      hats(bar, kClosedHat, density >= 3 ? 0.25 : 0.5, 70);
      return bar;
    case Genre::lofi:
      bar = {{0, kKick, 85},
             {1.75, kKick, 70},
             {2.5, kKick, 80},
             {1, kSideStick, 80},
             {3, kSnare, 75}};
      hats(bar, kClosedHat, density >= 2 ? 0.5 : 1, 55);
      return bar;
    case Genre::ballad:
    case Genre::classical:
      if (density == 1) {
        bar = {{0, kKick, 65}, {2.5, kKick, 55}, {1, kSideStick, 60}, {3, kSideStick, 60}};
        hats(bar, kClosedHat, 1, 48);
        return bar;
      }
      bar = {{0, kKick, 85}, {2.5, kKick, 70}, {1, kSnare, 85}, {3, kSnare, 85}};
      hats(bar, density >= 3 ? kRide : kClosedHat, 0.5, 62);
      return bar;
    case Genre::folk:
    case Genre::country:
      if (density == 1) {
        bar = {{0, kKick, 75}, {2, kKick, 70}, {1, kSideStick, 70}, {3, kSideStick, 70}};
        hats(bar, kTambourine, 1, 55);
        return bar;
      }
      bar = {{0, kKick, 95}, {2, kKick, 90}, {1, kSnare, 90}, {3, kSnare, 90}};
      hats(bar, kClosedHat, 0.5, 68);
      if (density >= 3) hats(bar, kTambourine, 1, 60);
      return bar;
    case Genre::blues:
      bar = {{0, kKick, 90}, {2, kKick, 85}, {1, kSnare, 90}, {3, kSnare, 90}};
      hats(bar, density >= 3 ? kRide : kClosedHat, density >= 2 ? 0.5 : 1, 68);
      return bar;
    case Genre::pop:
    case Genre::rock:
      break;
  }
  // Pop and rock backbeat.
  const bool rock = genre == Genre::rock;
  if (density == 1) {
    bar = {{0, kKick, 85}, {2, kKick, 80}, {1, kSideStick, 75}, {3, kSideStick, 75}};
    hats(bar, kClosedHat, 1, 60);
    return bar;
  }
  bar = {{0, kKick, 105}, {2, kKick, 100}, {1, kSnare, 105}, {3, kSnare, 105}};
  if (density >= 2) bar.push_back({2.5, kKick, 85});
  if (density >= 3) bar.push_back({1.5, kKick, 85});
  hats(bar, density >= 3 && rock ? kRide : kClosedHat, density >= 3 && !rock ? 0.25 : 0.5,
       rock ? 85 : 72);
  if (density >= 3) bar.push_back({3.5, kOpenHat, 75});
  return bar;
}

std::vector<DrumHit> drum_fill(Genre genre, int density, Rng& rng, int beats_per_bar) {
  std::vector<DrumHit> bar;
  // The groove up to the last two beats of the bar, then the run.
  const double from = std::max(1, beats_per_bar - 2);
  const double to = beats_per_bar;
  for (const auto& hit : drum_groove(genre, density, beats_per_bar)) {
    if (hit.beat < from) bar.push_back(hit);
  }
  using namespace gm;
  const double step = density >= 3 ? 0.25 : 0.5;
  static const std::vector<int> kToms = {kSnare, kHighTom, kMidTom, kLowTom, kFloorTom};
  const bool soft = genre == Genre::jazz || genre == Genre::lofi || density <= 1;
  // Down the kit from snare or high tom to floor tom over the last two beats.
  const std::size_t first = rng.chance(0.5) ? 0 : 1;
  for (double t = from; t < to - 1e-9; t += step) {
    const auto progress =
        static_cast<std::size_t>((t - from) / (to - from) * static_cast<double>(kToms.size()));
    const int key = soft ? (t < to - 1 ? kSideStick : kSnare)
                         : kToms[std::min(first + progress, kToms.size() - 1)];
    bar.push_back({t, key, static_cast<int>(70 + (t - from) * 12)});
  }
  // The 4/4 fill's kick under the run; a waltz keeps its kick on one.
  if (beats_per_bar == 4) bar.push_back({from, kKick, 90});
  return bar;
}

void add_drums(Track& track, const Style& style, const DrumSection& section, Rng& rng,
               int beats_per_bar) {
  if (section.density <= 0 || section.bars <= 0) return;
  const double bar_len = beats_per_bar;
  const double swing = style.swing;
  const auto groove = drum_groove(style.genre, section.density, beats_per_bar);
  const double gain = 0.75 + 0.35 * section.energy;
  for (int b = 0; b < section.bars; ++b) {
    const double bar_start = section.start_beats + b * bar_len;
    const bool last = b + 1 == section.bars;
    if (last && section.final_hit) {
      const int velocity = std::clamp(static_cast<int>(100 * gain), 1, 127);
      track.notes.push_back({bar_start, bar_len, gm::kCrash, velocity});
      track.notes.push_back({bar_start, 0.5, gm::kKick, velocity});
      continue;
    }
    const auto& hits = (last && section.fill && section.bars >= 2)
                           ? drum_fill(style.genre, section.density, rng, beats_per_bar)
                           : groove;
    for (const auto& hit : hits) {
      if (hit.beat >= bar_len) continue;
      const int velocity =
          std::clamp(static_cast<int>(std::lround(hit.velocity * gain)) + rng.range(-5, 5), 1, 127);
      const double at = bar_start + swing_time(hit.beat, swing);
      track.notes.push_back({at, 0.25, hit.key, velocity});
    }
    if (b == 0 && section.crash) {
      track.notes.push_back(
          {bar_start, 1, gm::kCrash, std::clamp(static_cast<int>(95 * gain), 1, 127)});
    }
  }
}

}  // namespace l402d::engines::music
