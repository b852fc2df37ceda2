#include "engines/music/synth/singer.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numbers>
#include <string>
#include <utility>

#include "engines/music/audio/resample.hpp"
#include "engines/music/synth/espeak_voice.hpp"
#include "engines/music/synth/flite_voice.hpp"
#include "engines/music/synth/pitch_tracker.hpp"

namespace l402d::engines::music {

namespace {

// A stretch of the spoken line that one note sings: onset consonants
// [onset, vowel), the nucleus [vowel, vowel_end), coda [vowel_end, coda_end).
struct Syllable {
  std::size_t onset = 0;
  std::size_t vowel = 0;
  std::size_t vowel_end = 0;
  std::size_t coda_end = 0;
};

double midi_to_hz(double midi) {
  return 440.0 * std::pow(2.0, (midi - 69.0) / 12.0);
}

// The line's syllables, one per vowel nucleus, consonants shared out between
// neighbours: at a word boundary or pause they go to their own word; inside a
// word the next syllable takes the larger half (ba-by, win-ter, mon-ster).
std::vector<Syllable> syllables_of(const Utterance& u) {
  std::vector<const SpokenPhoneme*> ph;
  for (const SpokenPhoneme& p : u.phonemes)
    ph.push_back(&p);
  std::vector<std::size_t> nuclei;
  for (std::size_t i = 0; i < ph.size(); ++i) {
    if (ph[i]->vowel) nuclei.push_back(i);
  }
  std::vector<Syllable> out;
  auto first_sound = [&]() -> std::size_t {
    for (const auto* p : ph) {
      if (!p->pause) return p->start;
    }
    return 0;
  };
  auto last_sound = [&]() -> std::size_t {
    for (auto it = ph.rbegin(); it != ph.rend(); ++it) {
      if (!(*it)->pause) return (*it)->end;
    }
    return u.samples.size();
  };
  if (nuclei.empty()) {
    // No vowel at all ("hmm", "shh"): the whole utterance is the nucleus.
    const std::size_t a = first_sound(), b = std::max(a, last_sound());
    if (b > a) out.push_back({a, a, b, b});
    return out;
  }
  for (std::size_t k = 0; k < nuclei.size(); ++k) {
    const SpokenPhoneme& v = *ph[nuclei[k]];
    out.push_back({v.start, v.start, v.end, v.end});
  }
  out.front().onset = first_sound();
  out.back().coda_end = std::max(out.back().vowel_end, last_sound());
  for (std::size_t k = 0; k + 1 < nuclei.size(); ++k) {
    const std::size_t a = nuclei[k], b = nuclei[k + 1];
    // Consonants strictly between the two nuclei.
    std::size_t split = b;  // index of the first phoneme of the next syllable's onset
    bool found = false;
    for (std::size_t i = a + 1; i < b; ++i) {
      if (ph[i]->pause) {
        out[k].coda_end = ph[i]->start;
        out[k + 1].onset = ph[i]->end;
        std::size_t j = i;
        while (j < b && ph[j]->pause)
          ++j;
        out[k + 1].onset = j < b ? ph[j]->start : ph[b]->start;
        found = true;
        break;
      }
    }
    if (found) continue;
    if (ph[a]->word != ph[b]->word) {
      split = a + 1;
      while (split < b && ph[split]->word == ph[a]->word)
        ++split;
    } else {
      const std::size_t c = b - a - 1;
      split = a + 1 + c / 2;
    }
    const std::size_t boundary = split < b ? ph[split]->start : ph[b]->start;
    out[k].coda_end = boundary;
    out[k + 1].onset = boundary;
  }
  return out;
}

// M note syllables from N spoken ones: several spoken syllables merge into
// one note when espeak heard more than were written; one vowel is shared out
// between several notes when it heard fewer.
std::vector<Syllable> fit(const std::vector<Syllable>& spoken, std::size_t notes) {
  std::vector<Syllable> out;
  const std::size_t n = spoken.size();
  if (n == 0 || notes == 0) return out;
  if (n >= notes) {
    for (std::size_t k = 0; k < notes; ++k) {
      const std::size_t a = k * n / notes, b = (k + 1) * n / notes;
      out.push_back(
          {spoken[a].onset, spoken[a].vowel, spoken[b - 1].vowel_end, spoken[b - 1].coda_end});
    }
    return out;
  }
  for (std::size_t j = 0; j < n; ++j) {
    const std::size_t first = (j * notes + n - 1) / n, last = ((j + 1) * notes + n - 1) / n;
    const std::size_t count = last - first;
    const Syllable& s = spoken[j];
    const double len = static_cast<double>(s.vowel_end - s.vowel) / static_cast<double>(count);
    for (std::size_t r = 0; r < count; ++r) {
      Syllable part;
      part.vowel = s.vowel + static_cast<std::size_t>(std::lround(static_cast<double>(r) * len));
      part.vowel_end =
          s.vowel + static_cast<std::size_t>(std::lround(static_cast<double>(r + 1) * len));
      part.onset = r == 0 ? s.onset : part.vowel;
      part.coda_end = r + 1 == count ? s.coda_end : part.vowel_end;
      out.push_back(part);
    }
  }
  return out;
}

// Per-5 ms voicing of the monotone source: strong correlation at the known
// period (vowels always count as voiced).
struct SourceAnalysis {
  double period = 0;
  std::size_t block = 110;
  std::vector<bool> voiced;
  std::vector<std::size_t> marks;

  bool voiced_at(std::size_t s) const {
    const std::size_t b = s / block;
    return b < voiced.size() && voiced[b];
  }
};

SourceAnalysis analyse(const Utterance& u, double period) {
  SourceAnalysis a;
  a.period = period;
  a.block = static_cast<std::size_t>(u.sample_rate / 200);
  const std::vector<float>& x = u.samples;
  const std::size_t blocks = x.size() / a.block + 1;
  a.voiced.assign(blocks, false);
  const auto lag = static_cast<std::size_t>(std::lround(period));
  const std::size_t win = 2 * lag;
  float peak = 0;
  for (float v : x)
    peak = std::max(peak, std::abs(v));
  const double floor_energy = 1e-4 * peak * peak * static_cast<double>(win);
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::size_t centre = b * a.block + a.block / 2;
    if (centre < win / 2 || centre + win / 2 + lag >= x.size()) continue;
    double xy = 0, xx = 0, yy = 0;
    for (std::size_t i = centre - win / 2; i < centre + win / 2; ++i) {
      xy += static_cast<double>(x[i]) * x[i + lag];
      xx += static_cast<double>(x[i]) * x[i];
      yy += static_cast<double>(x[i + lag]) * x[i + lag];
    }
    a.voiced[b] = xx > floor_energy && xy > 0.6 * std::sqrt(xx * yy);
  }
  for (const SpokenPhoneme& p : u.phonemes) {
    if (!p.vowel) continue;
    for (std::size_t b = p.start / a.block; b <= p.end / a.block && b < blocks; ++b) {
      a.voiced[b] = true;
    }
  }
  // Pitch marks: one per period through each voiced run, each snapped to the
  // waveform's peak near where the fixed period predicts it, so grains are
  // centred on glottal pulses.
  const auto quarter = static_cast<std::size_t>(period / 4);
  std::size_t b = 0;
  while (b < blocks) {
    if (!a.voiced[b]) {
      ++b;
      continue;
    }
    std::size_t e = b;
    while (e < blocks && a.voiced[e])
      ++e;
    const std::size_t from = b * a.block, to = std::min(x.size(), e * a.block);
    auto peak_in = [&](std::size_t lo, std::size_t hi) {
      hi = std::min(hi, x.size());
      std::size_t best = lo;
      for (std::size_t i = lo; i < hi; ++i) {
        if (x[i] > x[best]) best = i;
      }
      return best;
    };
    if (from < to) {
      std::size_t m = peak_in(from, std::min(to, from + lag));
      while (m < to) {
        a.marks.push_back(m);
        const auto predicted =
            static_cast<std::size_t>(std::lround(static_cast<double>(m) + period));
        if (predicted >= to) break;
        m = peak_in(predicted - quarter, predicted + quarter + 1);
        if (m <= a.marks.back()) m = predicted;
      }
    }
    b = e;
  }
  return a;
}

// Piecewise-linear map from output time to source time.
struct TimeMap {
  std::vector<std::pair<double, double>> knots;  // (output, source), output ascending
  double operator()(double t) const {
    if (t <= knots.front().first) return knots.front().second + (t - knots.front().first);
    for (std::size_t i = 1; i < knots.size(); ++i) {
      if (t <= knots[i].first) {
        const auto& [t0, s0] = knots[i - 1];
        const auto& [t1, s1] = knots[i];
        return t1 > t0 ? s0 + (s1 - s0) * (t - t0) / (t1 - t0) : s1;
      }
    }
    return knots.back().second + (t - knots.back().first);
  }
};

struct Placement {
  std::size_t note = 0;  // index into VocalPart::notes
  double start = 0;      // note start, output samples (source rate)
  double end = 0;        // note end
  double onset = 0;      // onset length placed before start
  double effective_end = 0;
  double midi = 60;
  double prev_midi = 60;
  bool legato = false;
  Syllable syllable;
};

// Hann windows of half-length h (2h + 1 taps), built once per length.
const std::vector<float>& hann(std::ptrdiff_t h) {
  thread_local std::vector<std::vector<float>> cache;
  const auto index = static_cast<std::size_t>(h);
  if (cache.size() <= index) cache.resize(index + 1);
  std::vector<float>& w = cache[index];
  if (w.empty()) {
    w.resize(2 * index + 1);
    for (std::ptrdiff_t j = -h; j <= h; ++j) {
      w[static_cast<std::size_t>(j + h)] = static_cast<float>(
          0.5 *
          (1.0 + std::cos(std::numbers::pi * static_cast<double>(j) / static_cast<double>(h))));
    }
  }
  return w;
}

// A line spoken on one flat pitch near `target_hz`, and the pitch asked for.
// English goes to Flite (far clearer than espeak-ng); other languages to
// espeak-ng with that language's voice, which pronounces them properly.
struct SpokenLine {
  Utterance utterance;
  double f0_hz = 0;
};

SpokenLine speak_line(const std::string& text, Voice voice, const std::string& language,
                      double target_hz) {
  SpokenLine out;
  if (language.empty() || language == "en") {
    // A little slower than Flite's own pace: longer vowels need less
    // stretching, consonants stay as spoken.
    FliteSettings settings{voice, target_hz, 1.15};
    out.f0_hz = std::clamp(target_hz, flite_min_hz(voice), flite_max_hz(voice));
    out.utterance = flite_synthesize(text, settings);
    return out;
  }
  EspeakSettings settings{voice, espeak_pitch_for(voice, target_hz), 140, language};
  out.f0_hz = espeak_f0_for(voice, settings.pitch);
  out.utterance = espeak_synthesize(text, settings);
  return out;
}

}  // namespace

SingResult sing_with_timing(const Score& score, const SingerOptions& options) {
  const VocalPart& part = score.vocals;
  const double spb = score.seconds_per_beat();
  constexpr int kRate = 22050;  // espeak's rate; shaping runs here, one resample at the end

  double end_beats = score.length_beats;
  for (const SungNote& n : part.notes)
    end_beats = std::max(end_beats, n.start_beats + n.length_beats);
  const auto total = static_cast<std::size_t>(
      std::ceil((end_beats * spb + std::max(0.0, options.tail_seconds)) * kRate));
  std::vector<float> stem(total + 1, 0.0F);

  // Notes in time order; each line's notes sung from one synthesis.
  std::vector<std::size_t> order(part.notes.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return part.notes[a].start_beats < part.notes[b].start_beats;
  });

  std::vector<Placement> placements(part.notes.size());
  std::vector<std::vector<std::size_t>> by_line(part.lines.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    const SungNote& n = part.notes[i];
    Placement& p = placements[i];
    p.note = i;
    p.start = n.start_beats * spb * kRate;
    p.end = std::max(p.start + 1, (n.start_beats + n.length_beats) * spb * kRate);
    p.midi = n.pitch;
    p.prev_midi = n.pitch;
    if (k > 0) {
      const Placement& prev = placements[order[k - 1]];
      // Legato when the previous note ends within 50 ms of this one starting.
      if (prev.end >= p.start - 0.05 * kRate) {
        p.legato = true;
        p.prev_midi = prev.midi;
      }
    }
    if (n.line < by_line.size()) by_line[n.line].push_back(i);
  }

  // Synthesize every line and cut it into note syllables.
  std::vector<Utterance> utterances(part.lines.size());
  std::vector<SourceAnalysis> analyses(part.lines.size());
  // A line sung again at the same pitch (a repeated chorus) is the same
  // synthesis: speech, its analysis and its syllables are taken from the
  // first time it was sung. Flite was a third of the vocal stage.
  std::vector<std::size_t> source(part.lines.size());
  std::map<std::pair<std::string, double>, std::size_t> first_sung;
  for (std::size_t l = 0; l < part.lines.size(); ++l) {
    source[l] = l;
    std::vector<std::size_t>& ids = by_line[l];
    if (ids.empty()) continue;
    std::stable_sort(ids.begin(), ids.end(), [&](std::size_t a, std::size_t b) {
      const SungNote &x = part.notes[a], &y = part.notes[b];
      return x.syllable != y.syllable ? x.syllable < y.syllable : x.start_beats < y.start_beats;
    });
    // Speak near the line's middle note, so PSOLA shifts as little as possible.
    std::vector<int> pitches;
    for (std::size_t i : ids)
      pitches.push_back(part.notes[i].pitch);
    std::nth_element(pitches.begin(),
                     pitches.begin() + static_cast<std::ptrdiff_t>(pitches.size() / 2),
                     pitches.end());
    const double target_hz = midi_to_hz(pitches[pitches.size() / 2]);
    const auto [first, fresh] = first_sung.try_emplace({part.lines[l].text, target_hz}, l);
    if (!fresh && by_line[first->second].size() == ids.size()) {
      source[l] = first->second;
      const std::vector<std::size_t>& sung_before = by_line[first->second];
      for (std::size_t k = 0; k < ids.size(); ++k)
        placements[ids[k]].syllable = placements[sung_before[k]].syllable;
      continue;
    }
    std::string text = part.lines[l].text;
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      for (const std::string& s : part.lines[l].syllables)
        text += s + " ";
    }
    const SpokenLine spoken = speak_line(text, part.voice, part.language, target_hz);
    Utterance u = spoken.utterance;

    // The monotone F0 actually produced, measured on the vowels (the
    // requested pitch is only a starting point).
    std::vector<double> f0;
    PitchTrackerOptions yin;
    yin.min_hz = 45;
    yin.max_hz = 500;
    for (const SpokenPhoneme& ph : u.phonemes) {
      if (!ph.vowel || ph.end <= ph.start) continue;
      for (int q = 1; q <= 3; ++q) {
        const std::size_t c = ph.start + (ph.end - ph.start) * static_cast<std::size_t>(q) / 4;
        const PitchFrame f = yin_frame(u.samples.data(), u.samples.size(), u.sample_rate, c, yin);
        if (f.hz > 0) f0.push_back(f.hz);
      }
    }
    double source_hz = spoken.f0_hz;
    if (!f0.empty()) {
      std::nth_element(f0.begin(), f0.begin() + static_cast<std::ptrdiff_t>(f0.size() / 2),
                       f0.end());
      const double measured = f0[f0.size() / 2];
      // Trust the measurement unless it is an octave slip of the expected value.
      if (measured > source_hz * 0.7 && measured < source_hz * 1.4) source_hz = measured;
    }
    analyses[l] = analyse(u, u.sample_rate / source_hz);

    const std::vector<Syllable> sylls = fit(syllables_of(u), ids.size());
    for (std::size_t k = 0; k < ids.size() && k < sylls.size(); ++k) {
      placements[ids[k]].syllable = sylls[k];
    }
    if (sylls.empty()) {
      for (std::size_t i : ids)
        placements[i].syllable = {};
    }
    utterances[l] = std::move(u);
  }

  // Onsets go before the beat so the vowel lands on it, but never take more
  // than half of the previous note; the previous note ends its coda where
  // the next onset begins.
  for (std::size_t k = 0; k < order.size(); ++k) {
    Placement& p = placements[order[k]];
    const double onset = static_cast<double>(p.syllable.vowel - p.syllable.onset);
    double limit = std::min(0.25 * kRate, p.start);
    if (k > 0) {
      const Placement& prev = placements[order[k - 1]];
      limit =
          std::min(limit, std::max(0.0, p.start - (prev.start + 0.5 * (prev.end - prev.start))));
    }
    p.onset = std::min(onset, limit);
  }
  for (std::size_t k = 0; k < order.size(); ++k) {
    Placement& p = placements[order[k]];
    p.effective_end = p.end;
    if (k + 1 < order.size()) {
      const Placement& next = placements[order[k + 1]];
      p.effective_end = std::max(p.start + 1, std::min(p.end, next.start - next.onset));
    }
  }

  SingResult result;
  result.timing.resize(part.notes.size());
  const double out_scale = static_cast<double>(options.sample_rate) / kRate;
  std::vector<float> grain_buf;
  for (Placement& p : placements) {
    const SungNote& n = part.notes[p.note];
    SungTiming& timing = result.timing[p.note];
    timing.note = p.note;
    if (n.line >= utterances.size() || p.syllable.coda_end <= p.syllable.onset) continue;
    const Utterance& u = utterances[source[n.line]];
    const SourceAnalysis& a = analyses[source[n.line]];
    const Syllable& s = p.syllable;

    const double span = p.effective_end - p.start;
    const double coda = std::min(static_cast<double>(s.coda_end - s.vowel_end), 0.35 * span);
    // A vowel is held at most max_vowel_seconds (or its spoken length, if
    // longer): stretched further it stops sounding like a word; the syllable
    // then ends with its coda and the rest of the note rests.
    const double hold =
        std::max(options.max_vowel_seconds * kRate, static_cast<double>(s.vowel_end - s.vowel));
    const double vowel_out = std::max(1.0, std::min(span - coda, hold));
    const double vowel_in = static_cast<double>(s.vowel_end - s.vowel);
    TimeMap map;
    const double t0 = p.start - p.onset;
    const double coda_out =
        std::min(static_cast<double>(s.coda_end - s.vowel_end), span - vowel_out);
    const double t1 = std::min(p.effective_end, p.start + vowel_out + std::max(coda_out, 0.0));
    map.knots.emplace_back(t0, static_cast<double>(s.onset));
    map.knots.emplace_back(p.start, static_cast<double>(s.vowel));
    if (vowel_out > vowel_in) {
      // Keep the vowel's edges (the transitions from and to the consonants)
      // at natural speed; only its steady middle is stretched.
      map.knots.emplace_back(p.start + vowel_in / 4, s.vowel + vowel_in / 4);
      map.knots.emplace_back(p.start + vowel_out - vowel_in / 4, s.vowel_end - vowel_in / 4);
    }
    map.knots.emplace_back(p.start + vowel_out, static_cast<double>(s.vowel_end));
    map.knots.emplace_back(t1, static_cast<double>(s.coda_end));

    timing.start = static_cast<std::size_t>(std::lround(t0 * out_scale));
    timing.vowel_start = static_cast<std::size_t>(std::lround(p.start * out_scale));
    timing.vowel_end = static_cast<std::size_t>(std::lround((p.start + vowel_out) * out_scale));
    timing.end = static_cast<std::size_t>(std::lround(t1 * out_scale));

    const double cents = 100.0 * (p.midi - 69.0), prev_cents = 100.0 * (p.prev_midi - 69.0);
    const double glide = options.glide_seconds * kRate;
    auto period_at = [&](double t) {
      double c = cents;
      if (p.legato && t < p.start) {
        c = prev_cents;
      } else if (p.legato && t < p.start + glide) {
        c = prev_cents + (cents - prev_cents) * (t - p.start) / glide;
      }
      const double since = (t - p.start) / kRate - options.vibrato_delay_seconds;
      if (since > 0) {
        const double depth = options.vibrato_cents * std::min(1.0, since / 0.15);
        c += depth * std::sin(2 * std::numbers::pi * options.vibrato_hz * since);
      }
      return kRate / (440.0 * std::pow(2.0, c / 1200.0));
    };

    // TD-PSOLA: synthesis marks at the note's period; each takes the source
    // grain (two source periods, Hann) at the nearest analysis mark to the
    // mapped source time. Unvoiced stretches step at the source period with
    // grains centred exactly on the mapped time, which reproduces the source
    // (Hann windows at half overlap sum to one).
    const auto half = static_cast<std::ptrdiff_t>(std::lround(a.period));
    const auto first = static_cast<std::ptrdiff_t>(std::floor(t0)) - half;
    const auto last = static_cast<std::ptrdiff_t>(std::ceil(t1)) + half;
    grain_buf.assign(static_cast<std::size_t>(last - first + 1), 0.0F);
    const auto src_len = static_cast<std::ptrdiff_t>(u.samples.size());
    for (double t = t0; t < t1;) {
      const double src = map(t);
      const auto src_i = static_cast<std::ptrdiff_t>(std::lround(src));
      std::ptrdiff_t centre = src_i;
      double step = a.period;
      if (src_i >= 0 && a.voiced_at(static_cast<std::size_t>(src_i)) && !a.marks.empty()) {
        auto it = std::lower_bound(a.marks.begin(), a.marks.end(), static_cast<std::size_t>(src_i));
        std::size_t m = it == a.marks.end() ? a.marks.back() : *it;
        if (it != a.marks.begin()) {
          const std::size_t before = *(it - 1);
          if (it == a.marks.end() ||
              static_cast<std::size_t>(src_i) - before < m - static_cast<std::size_t>(src_i)) {
            m = before;
          }
        }
        if (std::abs(static_cast<double>(m) - src) <= a.period) {
          centre = static_cast<std::ptrdiff_t>(m);
          step = period_at(t);
        }
      }
      // Raised notes take grains two output periods long: grains of two
      // source periods overlap several deep at the shorter output period,
      // and their differences then repeat at a sub-multiple of the note
      // (a 554 Hz note measured 139 Hz). Lowered notes and unvoiced copies
      // keep the full two source periods.
      const auto g = std::clamp<std::ptrdiff_t>(std::lround(step), 1, half);
      const std::vector<float>& window = hann(g);
      const auto out_c = static_cast<std::ptrdiff_t>(std::lround(t));
      for (std::ptrdiff_t j = -g; j <= g; ++j) {
        const std::ptrdiff_t si = centre + j;
        if (si < 0 || si >= src_len) continue;
        grain_buf[static_cast<std::size_t>(out_c + j - first)] +=
            window[static_cast<std::size_t>(j + g)] * u.samples[static_cast<std::size_t>(si)];
      }
      t += step;
    }
    // Short fades where syllables meet, so neighbouring grains' edges do not click.
    const double fade = 0.005 * kRate;
    for (std::ptrdiff_t i = first; i <= last; ++i) {
      const double t = static_cast<double>(i);
      double g = 1.0;
      if (t < t0 + fade) g = std::max(0.0, (t - t0) / fade);
      if (t > t1 - fade) g = std::min(g, std::max(0.0, (t1 - t) / fade));
      if (i < 0 || static_cast<std::size_t>(i) >= stem.size()) continue;
      stem[static_cast<std::size_t>(i)] +=
          static_cast<float>(g) * grain_buf[static_cast<std::size_t>(i - first)];
    }
  }

  AudioBuffer mono;
  mono.sample_rate = kRate;
  mono.channels = 1;
  mono.samples = std::move(stem);
  result.audio = audio::resample(mono, options.sample_rate);
  float peak = 0;
  for (float v : result.audio.samples)
    peak = std::max(peak, std::abs(v));
  if (peak > 0 && options.peak > 0) {
    const float gain = options.peak / peak;
    for (float& v : result.audio.samples)
      v *= gain;
  }
  return result;
}

}  // namespace l402d::engines::music
