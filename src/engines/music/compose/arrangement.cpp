#include "engines/music/compose/arrangement.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <utility>

#include "engines/music/compose/drums.hpp"
#include "engines/music/compose/gm.hpp"
#include "engines/music/compose/melody.hpp"

namespace l402d::engines::music {

namespace {

struct Hit {
  double beat;
  double length;
};

using Pattern = std::vector<Hit>;

bool strings_like(int program) {
  return program >= 40 && program <= 55;
}
bool sustaining(int program) {
  return strings_like(program) || (program >= 16 && program <= 23) ||
         (program >= 88 && program <= 95);
}

// Comping rhythms, one bar, by genre and density.
Pattern comp_pattern(const Style& style, int density) {
  if (sustaining(style.chords_program) && style.genre != Genre::reggae) {
    return density >= 3 ? Pattern{{0, 2}, {2, 2}} : Pattern{{0, 4}};
  }
  switch (style.genre) {
    case Genre::rock:
      if (density <= 1) return {{0, 4}};
      return {{0, 0.5}, {0.5, 0.5}, {1, 0.5}, {1.5, 0.5},
              {2, 0.5}, {2.5, 0.5}, {3, 0.5}, {3.5, 0.5}};
    case Genre::metal: {
      Pattern p;
      const double step = density >= 3 ? 0.25 : 0.5;
      for (double t = 0; t < 4; t += step)
        p.push_back({t, step * 0.8});
      return p;
    }
    case Genre::jazz:
      return density <= 1 ? Pattern{{0, 2}, {2, 2}} : Pattern{{0, 1}, {1.5, 0.5}, {3.5, 0.5}};
    case Genre::blues:
      return {{0, 0.6}, {1, 0.6}, {2, 0.6}, {3, 0.6}};
    case Genre::hip_hop:
    case Genre::lofi:
      return density <= 1 ? Pattern{{0, 4}} : Pattern{{0, 2}, {2.5, 1.5}};
    case Genre::electronic:
      return density <= 1 ? Pattern{{0, 4}}
                          : Pattern{{0.5, 0.3}, {1.5, 0.3}, {2.5, 0.3}, {3.5, 0.3}};
    case Genre::folk:
    case Genre::country:
      return density <= 1 ? Pattern{{0, 2}, {2, 2}}
                          : Pattern{{0, 1}, {1, 0.5}, {1.5, 1}, {2.5, 0.5}, {3, 0.5}, {3.5, 0.5}};
    case Genre::reggae:
      return density >= 3 ? Pattern{{1, 0.3}, {1.5, 0.2}, {3, 0.3}, {3.5, 0.2}}
                          : Pattern{{1, 0.3}, {3, 0.3}};
    case Genre::latin:
      return {{0, 0.75}, {1, 0.5}, {1.5, 0.75}, {2.5, 0.5}, {3, 0.75}};
    case Genre::ballad:
    case Genre::classical:
    case Genre::pop:
      break;
  }
  if (density <= 1) return {{0, 4}};
  if (density == 2) return {{0, 1.5}, {1.5, 2.5}};
  return {{0, 1}, {1, 0.5}, {1.5, 1}, {2.5, 0.5}, {3, 1}};
}

// Ballads and classical pieces on a piano or guitar roll their chords.
bool arpeggiated(const Style& style) {
  return (style.genre == Genre::ballad || style.genre == Genre::classical) &&
         !sustaining(style.chords_program);
}

int bass_pitch(int pitch_class) {
  return 33 + ((pitch_class - 9) % 12 + 12) % 12;
}  // A1..G#2

void add_note(Track& track, double start, double length, int pitch, int velocity, double end) {
  length = std::min(length, end - start);
  if (length <= 1e-6) return;
  track.notes.push_back({start, length, std::clamp(pitch, 0, 127), std::clamp(velocity, 1, 127)});
}

int velocity_for(double energy, int base) {
  return static_cast<int>(std::lround(base + 30 * (energy - 0.5)));
}

struct FlatChord {
  const Chord* chord;
  double end;
};

void add_bass(Track& track, const Style& style, const PlannedSection& section,
              const Chord* next_chord, Rng& rng, double section_end) {
  const int velocity = velocity_for(section.energy, 92);
  const auto& chords = section.chords;
  for (std::size_t c = 0; c < chords.size(); ++c) {
    const Chord& chord = chords[c];
    const double start = chord.start_beats;
    const double end = std::min(start + chord.length_beats, section_end);
    const int root = bass_pitch(chord.root);
    const int fifth = root + 7 > 47 ? root - 5 : root + 7;
    const Chord* next = c + 1 < chords.size() ? &chords[c + 1] : next_chord;
    auto note = [&](double at, double len, int pitch, int vel) {
      if (at >= end - 1e-9) return;
      add_note(track, at, len, pitch, vel, end);
    };
    switch (style.genre) {
      case Genre::jazz:
      case Genre::blues: {
        // Walking: root on the one, chord tones on the way, a chromatic step
        // into the next chord's root.
        const int beats = static_cast<int>(std::lround(end - start));
        int pitch = root;
        for (int b = 0; b < beats; ++b) {
          const double at = start + b;
          if (b == 0) {
            pitch = root;
          } else if (b + 1 == beats && next != nullptr) {
            // A half step into the next root, from above or below.
            pitch = bass_pitch(next->root) + (rng.chance(0.5) ? 1 : -1);
          } else {
            // Chord tones on the way, walking down from a high root so the
            // line stays near the approach note.
            const int interval =
                chord.intervals[static_cast<std::size_t>(b) % chord.intervals.size()];
            pitch = root + interval;
            if (pitch > 45) pitch -= 12;
          }
          note(swing_time(at, style.swing * 0.5), 0.9, pitch, velocity - (b % 2) * 8);
        }
        break;
      }
      case Genre::reggae:
        for (double b = 0; b < end - start - 1e-9; b += 4) {
          note(start + b, 0.75, root, velocity);
          note(start + b + 1.5, 0.5, root, velocity - 10);
          note(start + b + 2.5, 0.5, fifth, velocity - 5);
          note(start + b + 3, 0.75, root + 12 > 55 ? root : root + 12, velocity - 8);
        }
        break;
      case Genre::latin:
        // Tumbao: the fifth anticipated on "2-and", the root on four.
        for (double b = 0; b < end - start - 1e-9; b += 4) {
          note(start + b, 1.5, root, velocity);
          note(start + b + 1.5, 1.5, fifth, velocity - 6);
          note(start + b + 3, 1, root, velocity - 4);
        }
        break;
      case Genre::hip_hop:
      case Genre::lofi:
        for (double b = 0; b < end - start - 1e-9; b += 4) {
          note(start + b, 1.5, root, velocity);
          note(start + b + 2.5, 1, style.genre == Genre::lofi ? fifth : root, velocity - 10);
        }
        break;
      case Genre::electronic:
        for (double b = 0.5; b < end - start - 1e-9; b += 1)
          note(start + b, 0.4, root, velocity);
        break;
      case Genre::rock:
      case Genre::metal: {
        const double step = section.energy > 0.55 ? 0.5 : 1;
        for (double b = 0; b < end - start - 1e-9; b += step)
          note(start + b, step * 0.9, root, velocity);
        break;
      }
      case Genre::folk:
      case Genre::country:
        for (double b = 0; b < end - start - 1e-9; b += 2) {
          note(start + b, 1, std::fmod(b, 4) < 1 ? root : fifth, velocity);
        }
        break;
      case Genre::ballad:
      case Genre::classical:
        for (double b = 0; b < end - start - 1e-9; b += 4) {
          note(start + b, section.energy > 0.5 ? 2 : 4, root, velocity - 8);
          if (section.energy > 0.5) note(start + b + 2, 2, fifth, velocity - 12);
        }
        break;
      case Genre::pop:
        for (double b = 0; b < end - start - 1e-9; b += 4) {
          note(start + b, 1.5, root, velocity);
          note(start + b + 1.5, 0.5, root, velocity - 12);
          note(start + b + 2, 1, section.energy > 0.6 ? root + 12 : fifth, velocity - 6);
          note(start + b + 3, 1, root, velocity - 8);
        }
        break;
    }
  }
}

std::vector<int> voicing_for(const Chord& chord, const Style& style, std::vector<int>& previous,
                             int low, int high) {
  if (chord.power) {
    int root = 40 + ((chord.root - 4) % 12 + 12) % 12;  // E2..D#3
    return {root, root + 7, root + 12};
  }
  previous = voice_chord(chord, low, high, previous);
  (void)style;
  return previous;
}

void add_chords(Track& track, const Style& style, const PlannedSection& section, int density,
                std::vector<int>& previous, bool last_section, int beats_per_bar) {
  const double bar = beats_per_bar;
  const double end = section.start_beats + section.bars * bar;
  const int velocity = velocity_for(section.energy, style.genre == Genre::metal ? 96 : 78);
  const Pattern pattern = comp_pattern(style, density);
  for (int b = 0; b < section.bars; ++b) {
    const double bar_start = section.start_beats + b * bar;
    const Chord* chord = chord_at(section.chords, bar_start);
    if (chord == nullptr) continue;
    if (last_section && b + 1 == section.bars) {
      for (const int p : voicing_for(*chord, style, previous, 55, 74)) {
        add_note(track, bar_start, bar, p, velocity, end);
      }
      continue;
    }
    if (arpeggiated(style)) {
      const auto tones = voicing_for(*chord, style, previous, 55, 74);
      const int low_root = tones.front() - 12;
      const std::vector<int> figure = {low_root, tones[0], tones[1 % tones.size()],
                                       tones[2 % tones.size()]};
      const double step = density >= 2 ? 0.5 : 1;
      int k = 0;
      for (double t = 0; t < bar - 1e-9; t += step, ++k) {
        const Chord* now = chord_at(section.chords, bar_start + t);
        if (now != chord) break;
        const int pitch = figure[static_cast<std::size_t>(k) % figure.size()];
        // Ringing into the next bar would cut the same key struck there.
        add_note(track, bar_start + t, std::min(step * 2, bar - t), pitch, velocity - (k % 2) * 8,
                 end);
      }
      continue;
    }
    for (const auto& hit : pattern) {
      const double at = bar_start + swing_time(hit.beat, style.swing);
      const Chord* now = chord_at(section.chords, bar_start + hit.beat);
      if (now == nullptr) continue;
      const double chord_end = now->start_beats + now->length_beats;
      const auto tones = voicing_for(*now, style, previous, 55, 74);
      // A strummed guitar sounds its strings a few milliseconds apart.
      const bool strum = style.chords_program >= 24 && style.chords_program <= 31 && !now->power;
      for (std::size_t i = 0; i < tones.size(); ++i) {
        const double offset = strum ? 0.012 * static_cast<double>(i) : 0;
        const double length = std::min(hit.length, chord_end - (bar_start + hit.beat));
        add_note(track, at + offset, length - offset, tones[i],
                 velocity + (std::fabs(hit.beat - std::round(hit.beat)) < 1e-9 ? 0 : -8), end);
      }
    }
  }
}

void add_pad(Track& track, const PlannedSection& section, std::vector<int>& previous) {
  const double end = section.start_beats + section.bars * 4.0;
  const int velocity = velocity_for(section.energy, 64);
  // Common tones are held across chord changes instead of struck again, as a
  // string or synth pad is played. Besides the smoother sound, a re-struck pad
  // note leaves its old voice ringing in release under the new one: holding
  // the tone makes the pad the band's cheapest part instead of its dearest.
  std::vector<std::size_t> sounding;  // indices into track.notes of the last chord's notes
  for (const auto& chord : section.chords) {
    previous = voice_chord(chord, 60, 79, previous);
    std::vector<std::size_t> now;
    for (const int p : previous) {
      auto held = std::find_if(sounding.begin(), sounding.end(), [&](std::size_t i) {
        const Note& n = track.notes[i];
        return n.pitch == p && std::fabs(n.start_beats + n.length_beats - chord.start_beats) < 1e-9;
      });
      if (held != sounding.end()) {
        Note& n = track.notes[*held];
        n.length_beats = std::min(chord.start_beats + chord.length_beats, end) - n.start_beats;
        now.push_back(*held);
        continue;
      }
      const std::size_t before = track.notes.size();
      add_note(track, chord.start_beats, chord.length_beats, p, velocity, end);
      if (track.notes.size() > before) now.push_back(before);
    }
    sounding = std::move(now);
  }
}

PitchRange lead_range(int program) {
  const bool low = program == gm::kCello || program == gm::kTrombone || program == gm::kTenorSax ||
                   (program >= 24 && program <= 34);
  return low ? PitchRange{55, 76} : PitchRange{67, 86};
}

void add_lead(Track& track, const Style& style, const PlannedSection& section, bool last_section,
              Rng& rng) {
  const auto scale = scale_of(style.key_root, style.mode);
  PhraseShape shape;
  shape.range = lead_range(style.lead_program);
  shape.center = (shape.range.low + shape.range.high) / 2;
  shape.arch = 5;
  shape.swing = style.swing;
  shape.bpm = style.bpm;
  int previous = 0;
  const int bars = section.bars - (last_section ? 1 : 0);
  for (int b = 0; b < bars; b += 2) {
    const int phrase_bars = std::min(2, bars - b);
    if (phrase_bars <= 0) break;
    shape.descend = (b / 2) % 2 == 1;
    shape.cadence = b + 2 >= bars;
    const auto count = static_cast<std::size_t>(rng.range(3 * phrase_bars, 4 * phrase_bars));
    const auto notes = write_phrase(count, section.start_beats + b * 4.0, phrase_bars,
                                    section.chords, scale, style.key_root, shape, previous, rng);
    for (const auto& n : notes) {
      add_note(track, n.start_beats, n.length_beats, n.pitch, velocity_for(section.energy, 84),
               section.start_beats + section.bars * 4.0);
    }
    if (!notes.empty()) previous = notes.back().pitch;
  }
}

}  // namespace

int section_drum_density(const Style& style, const PlannedSection& section) {
  if (!style.drums) return 0;
  const int d = style.drum_density;
  if (section.kind == "chorus" || section.kind == "instrumental") return std::min(3, d + 1);
  if (section.kind == "intro" || section.kind == "outro" || section.kind == "bridge") {
    return d <= 1 && section.kind == "intro" ? 0 : std::max(1, d - 1);
  }
  return d;
}

std::vector<int> voice_chord(const Chord& chord, int low, int high,
                             const std::vector<int>& previous) {
  double previous_mean = (low + high) / 2.0;
  if (!previous.empty()) {
    previous_mean = 0;
    for (const int p : previous)
      previous_mean += p;
    previous_mean /= static_cast<double>(previous.size());
  }
  std::vector<int> best;
  double best_cost = std::numeric_limits<double>::max();
  const std::size_t n = chord.intervals.size();
  for (std::size_t inversion = 0; inversion < n; ++inversion) {
    const int first_pc = (chord.root + chord.intervals[inversion]) % 12;
    for (int base = low; base < low + 12; ++base) {
      if (base % 12 != first_pc) continue;
      std::vector<int> tones = {base};
      for (std::size_t k = 1; k < n; ++k) {
        const int pc = (chord.root + chord.intervals[(inversion + k) % n]) % 12;
        int p = tones.back() + 1;
        while (p % 12 != pc)
          ++p;
        tones.push_back(p);
      }
      if (tones.back() > high) continue;
      double mean = 0;
      for (const int p : tones)
        mean += p;
      mean /= static_cast<double>(n);
      const double cost = std::fabs(mean - previous_mean) + 0.1 * inversion;
      if (cost < best_cost) {
        best_cost = cost;
        best = tones;
      }
    }
  }
  if (best.empty()) {  // a range too narrow for the chord: close position from the root
    int p = low + ((chord.root - low) % 12 + 12) % 12;
    for (const int interval : chord.intervals)
      best.push_back(p + interval);
  }
  return best;
}

std::vector<Track> arrange(const Style& style, const std::vector<PlannedSection>& sections,
                           Rng& rng, int beats_per_bar) {
  Track chords{"chords", 0, style.chords_program, 0.55F, -0.3F, {}};
  Track bass{"bass", 1, style.bass_program, 0.7F, 0.0F, {}};
  Track pad{"pad", 2, style.pad_program, 0.35F, 0.3F, {}};
  Track lead{"lead", 3, style.lead_program, 0.5F, 0.2F, {}};
  Track drums{"drums", gm::kDrumChannel, 0, 0.75F, 0.0F, {}};

  Rng bass_rng = rng.fork("bass");
  Rng drum_rng = rng.fork("drums");
  Rng lead_rng = rng.fork("lead");
  std::vector<int> chord_voicing;
  std::vector<int> pad_voicing;
  for (std::size_t s = 0; s < sections.size(); ++s) {
    const auto& section = sections[s];
    const bool last = s + 1 == sections.size();
    const double end = section.start_beats + section.bars * static_cast<double>(beats_per_bar);
    const Chord* next_chord =
        !last && !sections[s + 1].chords.empty() ? &sections[s + 1].chords.front() : nullptr;
    const int density = section_drum_density(style, section);
    if (!style.solo) add_bass(bass, style, section, next_chord, bass_rng, end);
    add_chords(chords, style, section, std::max(1, density), chord_voicing, last, beats_per_bar);
    const bool pad_here =
        style.pad && (section.kind != "verse" || style.energy < 0.45 ||
                      style.genre == Genre::electronic || style.genre == Genre::classical);
    if (pad_here) add_pad(pad, section, pad_voicing);
    if (!section.sung) add_lead(lead, style, section, last, lead_rng);

    DrumSection drum_section;
    drum_section.start_beats = section.start_beats;
    drum_section.bars = section.bars;
    drum_section.density = density;
    drum_section.energy = section.energy;
    drum_section.crash = s > 0 || density >= 2;
    drum_section.fill = !last;
    drum_section.final_hit = last;
    add_drums(drums, style, drum_section, drum_rng, beats_per_bar);
    // The bass holds the last chord's root under the final bar.
    if (last && !section.chords.empty()) {
      const double bar_start = end - beats_per_bar;
      auto& notes = bass.notes;
      notes.erase(std::remove_if(notes.begin(), notes.end(),
                                 [&](const Note& n) { return n.start_beats >= bar_start - 1e-9; }),
                  notes.end());
      for (auto& n : notes)
        n.length_beats = std::min(n.length_beats, bar_start - n.start_beats);
      const Chord* final_chord = chord_at(section.chords, bar_start);
      add_note(bass, bar_start, beats_per_bar, bass_pitch(final_chord->root), 90, end);
    }
  }

  std::vector<Track> tracks;
  for (auto* track : {&drums, &bass, &chords, &pad, &lead}) {
    if (track->notes.empty()) continue;
    std::stable_sort(track->notes.begin(), track->notes.end(),
                     [](const Note& a, const Note& b) { return a.start_beats < b.start_beats; });
    tracks.push_back(std::move(*track));
  }
  return tracks;
}

}  // namespace l402d::engines::music
