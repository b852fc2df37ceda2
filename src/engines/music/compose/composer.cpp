#include "engines/music/compose/composer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <map>

#include "engines/music/compose/arrangement.hpp"
#include "engines/music/compose/gm.hpp"
#include "engines/music/compose/harmony.hpp"
#include "engines/music/compose/language.hpp"
#include "engines/music/compose/lyrics.hpp"
#include "engines/music/compose/melody.hpp"
#include "engines/music/compose/random.hpp"

namespace l402d::engines::music {

namespace {

struct SungLine {
  std::string text;
  std::vector<std::string> syllables;
  int bars = 2;
};

struct FormSection {
  std::string kind;
  std::vector<SungLine> lines;
  int bars = 0;
};

double energy_of(const Style& style, const std::string& kind) {
  double lift = 0;
  if (kind == "intro" || kind == "outro") lift = -0.15;
  if (kind == "verse") lift = -0.05;
  if (kind == "pre-chorus") lift = 0.05;
  if (kind == "chorus" || kind == "instrumental") lift = 0.15;
  if (kind == "bridge") lift = -0.05;
  return std::clamp(style.energy + lift, 0.05, 1.0);
}

// Where the voice sits, in semitones above the bottom of its range: choruses
// higher than verses, so they lift.
int register_of(const std::string& kind) {
  if (kind == "chorus") return 11;
  if (kind == "pre-chorus") return 9;
  if (kind == "bridge") return 10;
  return 7;
}

int instrumental_bars(const Style& style, const std::string& kind) {
  const bool slow = style.bpm < 84;
  if (kind == "instrumental") return slow ? 4 : 8;
  return slow ? 2 : 4;
}

double seconds_of(const std::vector<FormSection>& form, const Style& style) {
  int bars = 0;
  for (const auto& f : form)
    bars += f.bars;
  return bars * style.beats_per_bar * 60.0 / style.bpm;
}

// Index one past the song's last section before its closing outro(s): the
// section there is where the song ends musically.
std::size_t closing(const std::vector<FormSection>& form) {
  std::size_t end = form.size();
  while (end > 1 && form[end - 1].kind == "outro")
    --end;
  return end;
}

const FormSection* last_sung_chorus(const std::vector<FormSection>& form) {
  const FormSection* last = nullptr;
  for (const auto& f : form) {
    if (f.kind == "chorus" && !f.lines.empty()) last = &f;
  }
  return last;
}

// The chorus a song ends on: the lyrics' last chorus sung again, or the band
// playing its chords with the lead on top (also what a lyric without any
// chorus gets, so that every song closes on its fullest section).
FormSection closing_chorus(const std::vector<FormSection>& form, const Style& style, bool sung) {
  const FormSection* last = last_sung_chorus(form);
  if (last != nullptr && sung) return *last;
  const int bars = instrumental_bars(style, "instrumental");
  return FormSection{"chorus", {}, last != nullptr ? std::min(last->bars, bars) : bars};
}

FormSection instrumental(const Style& style, const std::string& kind) {
  return FormSection{kind,
                     {},
                     kind == "pre-chorus" ? instrumental_bars(style, "intro")
                                          : instrumental_bars(style, "instrumental")};
}

void insert_at(std::vector<FormSection>& form, std::size_t at, FormSection section) {
  form.insert(form.begin() + static_cast<std::ptrdiff_t>(at), std::move(section));
}

// What lengthening may add to a short song. Each keeps the song ending on a
// chorus; each says whether it changed anything (a mid-song break needs two
// choruses, a build needs a chorus without one).
enum class Addition {
  chorus_again,              // the closing chorus twice, as pop songs end
  solo_then_chorus,          // a solo after the closing chorus, then that chorus again
  bridge_then_chorus,        // an instrumental middle eight, then the chorus again
  pre_chorus_builds,         // a few bars of build before each chorus that has none
  break_after_first_chorus,  // a solo between the first chorus and the next verse
  longer_frame,              // a longer intro and outro
};

bool add(std::vector<FormSection>& form, const Style& style, Addition addition) {
  const std::size_t last = closing(form) - 1;  // the closing chorus
  switch (addition) {
    case Addition::chorus_again:
      insert_at(form, last + 1, form[last]);
      return true;
    case Addition::solo_then_chorus:
    case Addition::bridge_then_chorus: {
      FormSection again = form[last];
      insert_at(form, last + 1, std::move(again));
      insert_at(
          form, last + 1,
          instrumental(style, addition == Addition::solo_then_chorus ? "instrumental" : "bridge"));
      return true;
    }
    case Addition::pre_chorus_builds: {
      bool added = false;
      for (std::size_t i = 1; i < form.size(); ++i) {
        if (form[i].kind != "chorus" || form[i].lines.empty()) continue;
        const std::string& before = form[i - 1].kind;
        if (before == "pre-chorus" || before == "chorus" || before == "instrumental") continue;
        insert_at(form, i, instrumental(style, "pre-chorus"));
        ++i;
        added = true;
      }
      return added;
    }
    case Addition::break_after_first_chorus:
      for (std::size_t i = 0; i < last; ++i) {
        if (form[i].kind != "chorus") continue;
        if (form[i + 1].kind == "instrumental" || form[i + 1].kind == "chorus") return false;
        insert_at(form, i + 1, instrumental(style, "instrumental"));
        return true;
      }
      return false;
    case Addition::longer_frame: {
      const int frame = style.bpm < 84 ? 4 : 8;
      bool longer = false;
      for (FormSection* f : {&form.front(), &form.back()}) {
        if (!f->lines.empty() || f->bars >= frame) continue;
        f->bars = frame;
        longer = true;
      }
      return longer;
    }
  }
  return false;
}

// The orders in which a short song is lengthened, one picked by the seed, so
// that the same lyrics under different prompts take different shapes: verse
// chorus chorus, verse chorus solo chorus, verse chorus bridge chorus, verse
// build chorus, and a solo between the first chorus and the second verse.
constexpr Addition kShapes[][4] = {
    {Addition::chorus_again, Addition::pre_chorus_builds, Addition::longer_frame,
     Addition::solo_then_chorus},
    {Addition::solo_then_chorus, Addition::longer_frame, Addition::chorus_again,
     Addition::pre_chorus_builds},
    {Addition::bridge_then_chorus, Addition::longer_frame, Addition::chorus_again,
     Addition::pre_chorus_builds},
    {Addition::pre_chorus_builds, Addition::break_after_first_chorus, Addition::chorus_again,
     Addition::longer_frame},
    {Addition::break_after_first_chorus, Addition::longer_frame, Addition::bridge_then_chorus,
     Addition::chorus_again},
};

// What the composer adds to the lyrics' own sections, which keep their order.
// Every song with words ends on a chorus (then the outro): the lyrics' last
// chorus again, or the band playing one. A lyric sung through once can make a
// short song at a brisk tempo; below about a minute and a half the composer
// does what bands do, in one of a few shapes the seed picks.
void lengthen(std::vector<FormSection>& form, const Style& style, Rng& rng) {
  constexpr double kShort = 95;
  const bool any_sung =
      std::any_of(form.begin(), form.end(), [](const FormSection& f) { return !f.lines.empty(); });
  if (!any_sung) return;
  const bool short_song = seconds_of(form, style) < kShort;
  const bool sung_ending = short_song || rng.chance(0.5);
  const std::size_t end = closing(form);
  if (form[end - 1].kind != "chorus")
    insert_at(form, end, closing_chorus(form, style, sung_ending));

  // A step that would take the song past two minutes is skipped: at a slow
  // tempo one chorus is half a minute, and render time and peak memory grow
  // with the song (a 141 s lo-fi song came within 15 MB of the RSS budget).
  constexpr double kLongest = 120;
  const auto& shape = kShapes[rng.range(0, static_cast<int>(std::size(kShapes)) - 1)];
  for (const Addition addition : shape) {
    if (seconds_of(form, style) >= kShort) break;
    std::vector<FormSection> longer = form;
    if (add(longer, style, addition) && seconds_of(longer, style) <= kLongest) {
      form = std::move(longer);
    }
  }
  // An electronic song's instrumental is its drop (the mix makes it the
  // loudest part): one before the closing chorus if no shape brought one.
  const bool has_break = std::any_of(form.begin(), form.end(), [](const FormSection& f) {
    return f.kind == "instrumental" && f.lines.empty();
  });
  if (style.genre == Genre::electronic && !has_break) {
    insert_at(form, closing(form) - 1, instrumental(style, "instrumental"));
  }
}

}  // namespace

Score compose(const SongRequest& request, const Syllabifier& syllabifier,
              CompositionReport& report) {
  Style& style = report.style;
  const std::uint64_t seed = fnv1a(request.lyrics, fnv1a("\x1f", fnv1a(request.prompt)));
  Rng rng(seed);
  style = read_style(request.prompt);
  const int kBeatsPerBar = style.beats_per_bar;

  // The form: the lyrics' sections with their syllables, framed by an
  // instrumental intro and outro when the lyrics do not bring their own.
  std::vector<FormSection> form;
  for (const auto& section : read_form(request.lyrics)) {
    FormSection f{section.kind, {}, 0};
    for (const auto& line : section.lines) {
      auto syllables = syllabifier.split(line);
      if (syllables.empty()) continue;  // nothing singable: punctuation, symbols
      const int bars = line_bars(syllables.size(), style.bpm, kBeatsPerBar);
      f.lines.push_back({line, std::move(syllables), bars});
      f.bars += bars;
    }
    if (f.lines.empty()) f.bars = instrumental_bars(style, f.kind);
    form.push_back(std::move(f));
  }
  // A sung intro still gets a couple of bars of band first, to set the key.
  if (form.empty() || form.front().kind != "intro" || !form.front().lines.empty()) {
    form.insert(form.begin(), FormSection{"intro", {}, instrumental_bars(style, "intro")});
  }
  // The song ends on an instrumental outro, whose last bar is the held tonic.
  if (form.back().kind != "outro" || !form.back().lines.empty()) {
    form.push_back(FormSection{"outro", {}, instrumental_bars(style, "outro")});
  }
  // Lyrics without a singable word: an instrumental, with a body between the
  // intro and the outro.
  bool body = false;
  std::size_t first_outro = form.size() - 1;
  for (std::size_t i = form.size(); i-- > 0;) {
    body = body || !form[i].lines.empty() || (form[i].kind != "intro" && form[i].kind != "outro");
    if (form[i].kind == "outro") first_outro = i;
  }
  if (!body) {
    form.insert(form.begin() + static_cast<std::ptrdiff_t>(first_outro),
                FormSection{"instrumental", {}, instrumental_bars(style, "instrumental")});
  }
  Rng form_rng(fnv1a("form", seed));  // its own stream: the other parts' choices stay put
  lengthen(form, style, form_rng);

  Score score;
  score.bpm = style.bpm;
  score.beats_per_bar = kBeatsPerBar;
  score.key_root = style.key_root;
  score.mode = style.mode;
  score.genre = std::string(genre_name(style.genre));
  score.vocals.voice = style.voice;
  score.vocals.language = detect_language(request.lyrics);

  // Harmony: one progression per section kind, so that repeats sound alike.
  Rng harmony_rng = rng.fork("harmony");
  std::map<std::string, std::vector<ChordStep>> progressions;
  std::vector<PlannedSection> plan;
  double t = 0;
  for (const auto& f : form) {
    auto it = progressions.find(f.kind);
    if (it == progressions.end()) {
      std::vector<ChordStep> steps = choose_progression(style, f.kind, harmony_rng);
      // Progressions are written in 4/4 bars: a chord per bar stays a chord
      // per bar in 3/4 or 6/8.
      for (ChordStep& step : steps)
        step.beats *= kBeatsPerBar / 4.0;
      it = progressions.emplace(f.kind, std::move(steps)).first;
    }
    PlannedSection p;
    p.kind = f.kind;
    p.start_beats = t;
    p.bars = f.bars;
    p.energy = energy_of(style, f.kind);
    p.sung = !f.lines.empty();
    p.chords =
        lay_chords(it->second, style.key_root, t, f.bars * static_cast<double>(kBeatsPerBar));
    plan.push_back(std::move(p));
    score.sections.push_back({f.kind, t, f.bars * static_cast<double>(kBeatsPerBar)});
    t += f.bars * kBeatsPerBar;
  }
  const double song_end = t;
  // The song ends on the tonic, held for the last bar.
  {
    auto& chords = plan.back().chords;
    const double last_bar = song_end - kBeatsPerBar;
    while (!chords.empty() && chords.back().start_beats >= last_bar - 1e-9)
      chords.pop_back();
    if (!chords.empty()) chords.back().length_beats = last_bar - chords.back().start_beats;
    Chord tonic = realize(style.mode == Mode::major ? "I" : "i", style.key_root);
    tonic.start_beats = last_bar;
    tonic.length_beats = kBeatsPerBar;
    chords.push_back(tonic);
  }

  // Melody: one note per syllable. A line sung again in the same kind of
  // section at the same place in the progression gets the same tune.
  const auto scale = scale_of(style.key_root, style.mode);
  const PitchRange range = voice_range(style.voice);
  std::map<std::string, std::vector<MelodyNote>> tunes;
  std::map<std::string, std::vector<MelodyNote>> rhythms;
  int previous = 0;
  for (std::size_t s = 0; s < form.size(); ++s) {
    const auto& f = form[s];
    double line_start = plan[s].start_beats;
    const auto& steps = progressions[f.kind];
    double cycle = 0;
    for (const auto& step : steps)
      cycle += step.beats;
    for (std::size_t i = 0; i < f.lines.size(); ++i) {
      const auto& line = f.lines[i];
      const double offset = std::fmod(line_start - plan[s].start_beats, std::max(cycle, 1.0));
      char where[64];
      std::snprintf(where, sizeof where, "|%g|%d|%zu", offset, line.bars, line.syllables.size());
      const std::string key = f.kind + "|" + normalize_line(line.text) + where;
      auto it = tunes.find(key);
      if (it == tunes.end()) {
        PhraseShape shape;
        shape.range = range;
        shape.center = range.low + register_of(f.kind) + (i % 4 == 2 ? 2 : 0);
        shape.arch = f.kind == "chorus" ? 5 : 3;
        shape.descend = i % 2 == 1 && f.kind != "chorus";
        shape.cadence = i + 1 == f.lines.size();
        shape.swing = style.swing;
        shape.bpm = style.bpm;
        Rng line_rng(fnv1a(key, seed));
        // Chords are looked up at absolute times, so the tune is written at
        // the line's start and stored relative to it.
        // Lines of a kind with as many syllables share a rhythm (verse 2
        // scans like verse 1) while their pitches follow their own chords.
        const std::string rhythm_key =
            f.kind + "|" + std::to_string(line.syllables.size()) + "|" + std::to_string(line.bars);
        const auto rhythm = rhythms.find(rhythm_key);
        auto notes = write_phrase(line.syllables.size(), line_start, line.bars, plan[s].chords,
                                  scale, style.key_root, shape, previous, line_rng, kBeatsPerBar,
                                  rhythm == rhythms.end() ? nullptr : &rhythm->second);
        for (auto& n : notes)
          n.start_beats -= line_start;
        if (rhythm == rhythms.end()) rhythms.emplace(rhythm_key, notes);
        it = tunes.emplace(key, std::move(notes)).first;
      }
      const std::size_t line_index = score.vocals.lines.size();
      score.vocals.lines.push_back({line.text, line.syllables});
      for (std::size_t k = 0; k < it->second.size(); ++k) {
        const auto& n = it->second[k];
        score.vocals.notes.push_back(
            {line_start + n.start_beats, n.length_beats, n.pitch, line_index, k});
      }
      if (!it->second.empty()) previous = it->second.back().pitch;
      line_start += line.bars * kBeatsPerBar;
    }
  }

  Rng band_rng = rng.fork("band");
  score.tracks = arrange(style, plan, band_rng, kBeatsPerBar);

  // Nothing sounds past the last bar (a part written in four-beat units can
  // overhang a 3/4 song's end).
  for (auto& track : score.tracks) {
    std::erase_if(track.notes, [&](const Note& n) { return n.start_beats >= song_end - 1e-9; });
    for (auto& n : track.notes)
      n.length_beats = std::min(n.length_beats, song_end - n.start_beats);
  }
  double last_end = 0;
  for (const auto& track : score.tracks) {
    for (const auto& note : track.notes)
      last_end = std::max(last_end, note.start_beats + note.length_beats);
  }
  for (const auto& note : score.vocals.notes)
    last_end = std::max(last_end, note.start_beats + note.length_beats);
  score.length_beats = std::ceil(last_end / kBeatsPerBar - 1e-9) * kBeatsPerBar;
  report.chords.clear();
  for (const auto& p : plan)
    report.chords.insert(report.chords.end(), p.chords.begin(), p.chords.end());
  return score;
}

Score compose(const SongRequest& request, const Syllabifier& syllabifier) {
  CompositionReport report;
  return compose(request, syllabifier, report);
}

}  // namespace l402d::engines::music
