#include "engines/music/compose/composer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "engines/music/compose/gm.hpp"
#include "engines/music/compose/lyrics.hpp"
#include "engines/music/compose/melody.hpp"
#include "engines/music/compose/syllables.hpp"
#include "engines/music/key_finder.hpp"

namespace l402d::engines::music {
namespace {

const char* const kTagged =
    "[Verse]\nWalking on the beach, sun is shining bright\n"
    "Every day feels right when you hold me tight\n"
    "[Chorus]\nOh summer love, never let me go\nDancing in the moonlight, feeling the glow\n"
    "[Verse 2]\nWaves are rolling in, the stars come out to play\n"
    "I wish that we could stay here forever and a day\n"
    "[Chorus]\n"
    "[Bridge]\nAnd when the autumn comes we'll remember\n"
    "Every single moment of this sweet September\n"
    "[Chorus]\nOh summer love, never let me go\nDancing in the moonlight, feeling the glow\n";

// About 600 characters, no tags: two verses and a repeated chorus.
const char* const kLong600 =
    "I remember the morning we drove to the sea\n"
    "With the windows wide open and the radio free\n"
    "You were singing along to a song we both knew\n"
    "And the road was a ribbon of silver and blue\n"
    "\n"
    "Hold on to the summer, hold on to the light\n"
    "We were young and forever, we were burning so bright\n"
    "\n"
    "Now the years have gone by and the pictures have faded\n"
    "But I still hear your laughter in the places we waited\n"
    "And I drive to the water when the evenings are long\n"
    "Just to stand in the wind and remember our song\n"
    "\n"
    "Hold on to the summer, hold on to the light\n"
    "We were young and forever, we were burning so bright\n";

Score make(const std::string& prompt, const std::string& lyrics,
           CompositionReport* report = nullptr) {
  static const HeuristicSyllabifier syllabifier;
  CompositionReport local;
  return compose({prompt, lyrics}, syllabifier, report != nullptr ? *report : local);
}

const Track* track(const Score& score, const std::string& name) {
  for (const auto& t : score.tracks) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

double drum_hits_per_bar(const Score& score) {
  const Track* drums = track(score, "drums");
  if (drums == nullptr) return 0;
  return static_cast<double>(drums->notes.size()) / (score.length_beats / score.beats_per_bar);
}

// The invariants every composed song keeps, whatever the prompt.
void expect_well_formed(const Score& score, const std::string& lyrics, const std::string& label) {
  SCOPED_TRACE(label);
  const HeuristicSyllabifier syllabifier;
  // Every syllable of every sung line exactly once, in order.
  std::vector<std::size_t> next(score.vocals.lines.size(), 0);
  const SungNote* previous = nullptr;
  const PitchRange range = voice_range(score.vocals.voice);
  for (const auto& note : score.vocals.notes) {
    ASSERT_LT(note.line, score.vocals.lines.size());
    EXPECT_EQ(note.syllable, next[note.line]) << "line " << note.line;
    ++next[note.line];
    if (previous != nullptr) {
      EXPECT_GE(note.line, previous->line);
      EXPECT_GE(note.start_beats, previous->start_beats + previous->length_beats - 1e-9)
          << "overlap at " << note.start_beats;
    }
    EXPECT_GT(note.length_beats, 0);
    EXPECT_GE(note.pitch, range.low);
    EXPECT_LE(note.pitch, range.high);
    previous = &note;
  }
  for (std::size_t l = 0; l < score.vocals.lines.size(); ++l) {
    const auto& line = score.vocals.lines[l];
    EXPECT_EQ(next[l], line.syllables.size()) << line.text;
    EXPECT_EQ(line.syllables, syllabifier.split(line.text));
  }
  // The sung lines are the lyric lines in order (choruses repeated).
  std::vector<std::string> expected;
  for (const auto& section : read_form(lyrics)) {
    for (const auto& line : section.lines) {
      if (!syllabifier.split(line).empty()) expected.push_back(line);
    }
  }
  // Lengthening may sing a chorus again: the lyric lines are sung in order,
  // and any other sung line is a chorus line.
  std::vector<std::string> chorus_lines;
  for (const auto& section : read_form(lyrics)) {
    if (section.kind == "chorus") {
      chorus_lines.insert(chorus_lines.end(), section.lines.begin(), section.lines.end());
    }
  }
  std::size_t matched = 0;
  for (const auto& line : score.vocals.lines) {
    if (matched < expected.size() && line.text == expected[matched]) {
      ++matched;
      continue;
    }
    EXPECT_NE(std::find(chorus_lines.begin(), chorus_lines.end(), line.text), chorus_lines.end())
        << "sung but neither next in the lyrics nor a chorus line: " << line.text;
  }
  EXPECT_EQ(matched, expected.size());

  // Sections tile the song, which lasts exactly as long as they do.
  double t = 0;
  for (const auto& section : score.sections) {
    EXPECT_DOUBLE_EQ(section.start_beats, t) << section.kind;
    EXPECT_GT(section.length_beats, 0);
    t += section.length_beats;
  }
  EXPECT_DOUBLE_EQ(score.length_beats, t);
  EXPECT_EQ(score.sections.front().kind, "intro");
  EXPECT_EQ(score.sections.back().kind, "outro");

  std::map<int, int> channels;
  for (const auto& tr : score.tracks) {
    EXPECT_EQ(++channels[tr.channel], 1) << "channel shared: " << tr.name;
    EXPECT_GE(tr.volume, 0.F);
    EXPECT_LE(tr.volume, 1.F);
    EXPECT_GE(tr.pan, -1.F);
    EXPECT_LE(tr.pan, 1.F);
    EXPECT_GE(tr.program, 0);
    EXPECT_LE(tr.program, 127);
    EXPECT_EQ(tr.name == "drums", tr.channel == 9) << tr.name;
    for (const auto& n : tr.notes) {
      EXPECT_GE(n.start_beats, 0);
      EXPECT_GT(n.length_beats, 0);
      EXPECT_LE(n.start_beats + n.length_beats, score.length_beats + 1e-9) << tr.name;
      EXPECT_GE(n.pitch, 0);
      EXPECT_LE(n.pitch, 127);
      EXPECT_GE(n.velocity, 1);
      EXPECT_LE(n.velocity, 127);
    }
  }
}

TEST(Composer, EverySyllableGetsExactlyOneNoteInOrder) {
  const Score score = make("upbeat pop song about summer vibes", kTagged);
  expect_well_formed(score, kTagged, "pop");
  std::size_t syllables = 0;
  for (const auto& line : score.vocals.lines)
    syllables += line.syllables.size();
  EXPECT_EQ(score.vocals.notes.size(), syllables);
  // The empty [Chorus] repeats the chorus (12 lines); a short song may add more.
  EXPECT_GE(score.vocals.lines.size(), 12U);
  EXPECT_EQ(score.vocals.lines.size() % 2, 0U);  // whole two-line choruses
  std::printf("%s\n", describe(score).c_str());
}

TEST(Composer, WellFormedForEveryGenreAndVoice) {
  for (const char* prompt :
       {"pop", "rock", "ballad", "jazz", "blues", "hip hop", "edm", "lofi", "folk", "country",
        "reggae", "salsa", "orchestral", "metal", "male vocals pop", "female vocals metal",
        "sad jazz in C minor 60 bpm", "fast punk 200 bpm", "a cappella gospel"}) {
    for (const char* lyrics : {kTagged, kLong600}) {
      const Score score = make(prompt, lyrics);
      expect_well_formed(score, lyrics, prompt);
    }
  }
}

TEST(Composer, StrongBeatsAreChordTones) {
  for (const char* prompt : {"pop", "jazz", "metal", "reggae", "slow sad piano ballad", "blues"}) {
    CompositionReport report;
    const Score score = make(prompt, kLong600, &report);
    std::size_t strong = 0;
    std::size_t chord_tones = 0;
    for (const auto& note : score.vocals.notes) {
      const double in_bar = std::fmod(note.start_beats, score.beats_per_bar);
      if (std::fabs(in_bar) > 1e-9 && std::fabs(in_bar - 2) > 1e-9) continue;  // beats 1 and 3
      const Chord* chord = chord_at(report.chords, note.start_beats);
      ASSERT_NE(chord, nullptr);
      ++strong;
      if (chord->has_pitch_class(note.pitch)) ++chord_tones;
    }
    ASSERT_GT(strong, 10U) << prompt;
    EXPECT_GE(static_cast<double>(chord_tones) / static_cast<double>(strong), 0.8) << prompt;
  }
}

TEST(Composer, RepeatedChorusLinesGetTheSameTune) {
  const Score score = make("pop", kTagged);
  std::map<std::string, std::vector<std::vector<int>>> tunes;
  for (std::size_t l = 0; l < score.vocals.lines.size(); ++l) {
    std::vector<int> pitches;
    double start = -1;
    for (const auto& n : score.vocals.notes) {
      if (n.line != l) continue;
      if (start < 0) start = n.start_beats;
      pitches.push_back(n.pitch);
    }
    for (const auto& section : score.sections) {
      if (start >= section.start_beats && start < section.start_beats + section.length_beats &&
          section.kind == "chorus") {
        tunes[score.vocals.lines[l].text].push_back(pitches);
      }
    }
  }
  ASSERT_EQ(tunes.size(), 2U);
  for (const auto& [text, sung] : tunes) {
    ASSERT_GE(sung.size(), 3U) << text;
    for (const auto& again : sung)
      EXPECT_EQ(again, sung[0]) << text;
  }
}

TEST(Composer, ChorusSitsHigherThanVerse) {
  double verse = 0, chorus = 0;
  int verse_n = 0, chorus_n = 0;
  const Score score = make("pop", kTagged);
  for (const auto& n : score.vocals.notes) {
    for (const auto& s : score.sections) {
      if (n.start_beats < s.start_beats || n.start_beats >= s.start_beats + s.length_beats)
        continue;
      if (s.kind == "verse") verse += n.pitch, ++verse_n;
      if (s.kind == "chorus") chorus += n.pitch, ++chorus_n;
    }
  }
  ASSERT_GT(verse_n, 0);
  ASSERT_GT(chorus_n, 0);
  EXPECT_GT(chorus / chorus_n, verse / verse_n + 1);
}

bool same(const Score& a, const Score& b) {
  if (describe(a) != describe(b) || a.vocals.notes.size() != b.vocals.notes.size()) return false;
  for (std::size_t i = 0; i < a.vocals.notes.size(); ++i) {
    const auto& x = a.vocals.notes[i];
    const auto& y = b.vocals.notes[i];
    if (x.start_beats != y.start_beats || x.length_beats != y.length_beats || x.pitch != y.pitch) {
      return false;
    }
  }
  for (std::size_t t = 0; t < a.tracks.size(); ++t) {
    const auto& x = a.tracks[t].notes;
    const auto& y = b.tracks[t].notes;
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (x[i].start_beats != y[i].start_beats || x[i].pitch != y[i].pitch ||
          x[i].velocity != y[i].velocity || x[i].length_beats != y[i].length_beats) {
        return false;
      }
    }
  }
  return true;
}

TEST(Composer, Deterministic) {
  EXPECT_TRUE(same(make("dreamy lofi", kLong600), make("dreamy lofi", kLong600)));
  EXPECT_TRUE(same(make("rock", kTagged), make("rock", kTagged)));
}

TEST(Composer, DifferentRequestsGiveDifferentSongs) {
  const Score base = make("dreamy lofi", kLong600);
  EXPECT_FALSE(same(base, make("dreamy lofi!", kLong600)));
  std::string lyrics = kLong600;
  lyrics[2] = 'R';  // "I Remember"
  EXPECT_FALSE(same(base, make("dreamy lofi", lyrics)));
  EXPECT_FALSE(same(make("pop", kTagged), make("pop", kLong600)));
}

TEST(Composer, SixHundredCharacterLyricMakesAFullSong) {
  ASSERT_GE(std::string(kLong600).size(), 500U);
  ASSERT_LE(std::string(kLong600).size(), 600U);
  for (const char* prompt : {"pop", "slow sad piano ballad", "fast energetic rock", "hip hop",
                             "jazz", "blues", "metal 180 bpm", "ballad 50 bpm"}) {
    const Score score = make(prompt, kLong600);
    std::printf("%-24s %6.1f s  %s\n", prompt, score.length_seconds(), describe(score).c_str());
    EXPECT_GE(score.length_seconds(), 90) << prompt;
    EXPECT_LE(score.length_seconds(), 240) << prompt;
  }
}

TEST(Composer, NoteLengthsFollowTheTempo) {
  for (const char* prompt : {"slow sad piano ballad", "ballad 50 bpm", "fast punk 200 bpm"}) {
    const Score score = make(prompt, kLong600);
    const double shortest = shortest_note(score.bpm);
    for (const auto& n : score.vocals.notes) {
      EXPECT_GE(n.length_beats, shortest - 1e-9) << prompt;
    }
  }
  // A very long line still fits, in more bars.
  const std::string long_line =
      "Everybody's talking 'bout the revolution, everybody's dreaming 'bout the resolution";
  const Score score = make("ballad 60 bpm", long_line);
  expect_well_formed(score, long_line, "long line");
  for (const auto& n : score.vocals.notes)
    EXPECT_GE(n.length_beats, 0.5 - 1e-9);
}

TEST(Composer, SlowSadBalladAgainstFastRock) {
  CompositionReport ballad_report, rock_report;
  const Score ballad = make("slow sad piano ballad", kLong600, &ballad_report);
  const Score rock = make("fast energetic rock with distorted guitars", kLong600, &rock_report);
  std::printf("ballad: %s\nrock:   %s\n", describe(ballad).c_str(), describe(rock).c_str());
  EXPECT_LT(ballad.bpm, 90);
  EXPECT_GT(rock.bpm, 120);
  EXPECT_EQ(ballad.genre, "ballad");
  EXPECT_EQ(rock.genre, "rock");
  ASSERT_NE(track(ballad, "chords"), nullptr);
  ASSERT_NE(track(rock, "chords"), nullptr);
  EXPECT_EQ(track(ballad, "chords")->program, gm::kAcousticGrand);
  const int rock_program = track(rock, "chords")->program;
  EXPECT_TRUE(rock_program == gm::kDistortionGuitar || rock_program == gm::kOverdrivenGuitar);
  EXPECT_GT(drum_hits_per_bar(rock), drum_hits_per_bar(ballad) + 4);
}

TEST(Composer, PadHoldsCommonTonesAcrossChordChanges) {
  // A pad note struck again on the next chord would ring on in release under
  // the new one: twice the synthesis work for a blurrier sound. A new section
  // may strike its first chord afresh.
  for (const char* prompt : {"upbeat pop song about summer vibes", "slow sad piano ballad"}) {
    const Score score = make(prompt, kLong600);
    const Track* pad = track(score, "pad");
    ASSERT_NE(pad, nullptr) << prompt;
    auto section_start = [&](double beat) {
      return std::any_of(score.sections.begin(), score.sections.end(),
                         [&](const Section& s) { return std::fabs(s.start_beats - beat) < 1e-9; });
    };
    std::size_t held = 0;
    for (const auto& a : pad->notes) {
      if (a.length_beats > 4 + 1e-9) ++held;
      for (const auto& b : pad->notes) {
        EXPECT_FALSE(a.pitch == b.pitch && !section_start(b.start_beats) &&
                     std::fabs(a.start_beats + a.length_beats - b.start_beats) < 1e-9)
            << prompt << ": pitch " << a.pitch << " struck again at beat " << b.start_beats;
      }
    }
    EXPECT_GT(held, 0U) << prompt << ": no tone was held over a chord change";
  }
}

TEST(Composer, VoiceFollowsThePrompt) {
  const Score male = make("pop with male vocals", kTagged);
  const Score female = make("rock with female vocals", kTagged);
  EXPECT_EQ(male.vocals.voice, Voice::male);
  EXPECT_EQ(female.vocals.voice, Voice::female);
  for (const auto& n : male.vocals.notes)
    EXPECT_LE(n.pitch, 64);
  for (const auto& n : female.vocals.notes)
    EXPECT_GE(n.pitch, 57);
}

// A syllabifier that gives one chunk per word: the composer must follow it.
class WordSyllabifier final : public Syllabifier {
 public:
  std::vector<std::string> split(std::string_view line) const override {
    std::vector<std::string> out;
    std::string word;
    for (const char c : line) {
      if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
        word.push_back(c);
      } else if (!word.empty()) {
        out.push_back(word);
        word.clear();
      }
    }
    if (!word.empty()) out.push_back(word);
    return out;
  }
};

TEST(Composer, UsesTheSyllabifierItIsGiven) {
  const WordSyllabifier words;
  const Score score = compose({"pop", "Hello beautiful world\nEverything is wonderful"}, words);
  std::size_t expected = 0;
  for (const auto& line : score.vocals.lines) {
    EXPECT_EQ(line.syllables, words.split(line.text));
    expected += line.syllables.size();
  }
  EXPECT_EQ(score.vocals.notes.size(), expected);
  EXPECT_EQ(score.vocals.lines.front().syllables,
            (std::vector<std::string>{"Hello", "beautiful", "world"}));
}

TEST(Composer, LyricsWithoutWordsGiveAnInstrumental) {
  const Score score = make("jazz", "... !!! ...");
  EXPECT_TRUE(score.vocals.notes.empty());
  EXPECT_GT(score.length_seconds(), 10);
  EXPECT_FALSE(score.tracks.empty());
  expect_well_formed(score, "... !!! ...", "instrumental");
}

TEST(Composer, OddLyricsStillMakeWellFormedSongs) {
  const std::vector<std::string> odd = {
      std::string(600, 'a'),
      "la " + std::string("la la la la la la la la la la la la la la la la la la la la ") +
          "la la la la la la la la la la la la la la la la la la la la la la la la la la la",
      "[Chorus]\n[Chorus]\n[Outro]\n",
      "[Intro]\nHere we go\n[Outro]\nThere we went\n",
      "1 2 3 4 1000000000 24/7 99 problems\n\n\n",
      "caf\xc3\xa9 \xe2\x99\xa5 ni\xc3\xb1o \xf0\x9f\x8e\xb5\n\xe2\x80\x94 r\xc3\xa9sum\xc3\xa9",
      "\r\n\r\nOne line\r\n",
      "x",
  };
  for (const auto& lyrics : odd) {
    for (const char* prompt : {"pop", "jazz 220 bpm", "ballad 40 bpm"}) {
      const Score score = make(prompt, lyrics);
      expect_well_formed(score, lyrics, std::string(prompt) + ": " + lyrics.substr(0, 20));
      EXPECT_GT(score.length_seconds(), 5);
      EXPECT_LT(score.length_seconds(), 400);
    }
  }
}

TEST(Composer, DescribeSummarisesTheSong) {
  const Score score = make("fast energetic rock with distorted guitars in E minor", kTagged);
  const std::string d = describe(score);
  EXPECT_NE(d.find("\"genre\":\"rock\""), std::string::npos) << d;
  EXPECT_NE(d.find("\"key\":\"E\""), std::string::npos) << d;
  EXPECT_NE(d.find("\"mode\":\"minor\""), std::string::npos) << d;
  EXPECT_NE(d.find("Distortion Guitar"), std::string::npos) << d;
  EXPECT_NE(d.find("\"drum_hits_per_bar\":"), std::string::npos) << d;
  EXPECT_NE(d.find("\"chorus:"), std::string::npos) << d;
}

TEST(Composer, IsFast) {
  const auto t0 = std::chrono::steady_clock::now();
  constexpr int kRuns = 20;
  std::size_t notes = 0;
  for (int i = 0; i < kRuns; ++i)
    notes += make("pop number " + std::to_string(i), kLong600).vocals.notes.size();
  const std::chrono::duration<double, std::milli> dt = std::chrono::steady_clock::now() - t0;
  std::printf("compose: %.3f ms per song (%zu notes)\n", dt.count() / kRuns, notes / kRuns);
  // The budget is 5 ms a song (about 1.5 ms measured in release); the bound
  // leaves room for loaded machines, and sanitizer builds run far slower.
#if defined(__SANITIZE_ADDRESS__)
  constexpr double kLimitMs = 250;
#else
  constexpr double kLimitMs = 25;
#endif
  EXPECT_LT(dt.count() / kRuns, kLimitMs);
}

// Issue 17: "3/4" and "waltz" were ignored. Bars of three (or six eighth)
// beats: sections, chord changes and the kick on each downbeat follow them.
TEST(Composer, WaltzAndSixEightHaveTheirOwnBars) {
  const std::string lyrics = "Sweet little moon above the trees\nYou dance so softly on the breeze";
  for (const auto& [prompt, beats] :
       {std::pair{"jazz waltz, gentle", 3}, std::pair{"folk song in 3/4", 3},
        std::pair{"slow ballad in 6/8", 6}, std::pair{"pop song", 4}}) {
    SCOPED_TRACE(prompt);
    const Score score = make(prompt, lyrics);
    expect_well_formed(score, lyrics, prompt);
    EXPECT_EQ(score.beats_per_bar, beats);
    for (const Section& s : score.sections) {
      EXPECT_NEAR(std::fmod(s.start_beats, beats), 0.0, 1e-9) << s.kind;
      EXPECT_NEAR(std::fmod(s.length_beats, beats), 0.0, 1e-9) << s.kind;
    }
    EXPECT_NEAR(std::fmod(score.length_beats, beats), 0.0, 1e-9);
    const Track* drums = track(score, "drums");
    if (drums == nullptr) continue;
    std::size_t kicks = 0, on_downbeat = 0;
    for (const Note& n : drums->notes) {
      if (n.pitch != gm::kKick) continue;
      ++kicks;
      on_downbeat += std::fabs(std::fmod(n.start_beats, beats)) < 1e-6 ? 1 : 0;
    }
    if (beats == 3) {
      EXPECT_EQ(on_downbeat, kicks);  // oom-pah-pah: the kick on one only
    }
    if (beats != 4) {
      EXPECT_GT(kicks, 0U);
    }
  }
}

// Share of the sung notes that start while a note of a track with one of the
// given programs sounds.
double share_of_voice_under(const Score& score, const std::vector<int>& programs) {
  std::size_t covered = 0;
  for (const SungNote& v : score.vocals.notes) {
    bool under = false;
    for (const Track& t : score.tracks) {
      if (std::find(programs.begin(), programs.end(), t.program) == programs.end()) continue;
      if (t.channel == 9) continue;
      for (const Note& n : t.notes) {
        if (n.start_beats <= v.start_beats + 1e-9 &&
            v.start_beats < n.start_beats + n.length_beats) {
          under = true;
          break;
        }
      }
      if (under) break;
    }
    covered += under ? 1 : 0;
  }
  return score.vocals.notes.empty()
             ? 0.0
             : static_cast<double>(covered) / static_cast<double>(score.vocals.notes.size());
}

// Issue 17: "guitars" in a punk prompt gave a steel-string acoustic, and the
// distorted guitar never played under the voice.
TEST(Composer, NamedGuitarsPlayDistortedUnderThePunkVoice) {
  for (const char* prompt : {"fast punk rock with loud guitars, male singer",
                             "hard rock with heavy guitars", "punk song"}) {
    const Score score = make(prompt, kLong600);
    EXPECT_GE(share_of_voice_under(score, {gm::kOverdrivenGuitar, gm::kDistortionGuitar}), 0.8)
        << prompt;
  }
}

// The key the sung line reads in: the chroma of the vocal notes (pitch classes
// weighted by duration) through the key finder.
testing::Key key_of_melody(const Score& score) {
  std::vector<double> chroma(12, 0.0);
  for (const SungNote& n : score.vocals.notes)
    chroma[testing::pitch_class(n.pitch)] += n.length_beats;
  return testing::key_of_chroma(chroma);
}

// Issue 17: a minor-key ballad's vocal line centred on the relative major.
TEST(Composer, MinorKeyMelodiesReadAsMinor) {
  const struct {
    const char* prompt;
    int root;
    bool minor;
  } cases[] = {{"slow sad piano ballad in A minor, male voice", 9, true},
               {"dark rock song in E minor", 4, true},
               {"folk song in D minor, female voice", 2, true},
               {"happy pop song in G major", 7, false}};
  for (const auto& c : cases) {
    for (const char* lyrics : {kLong600, kTagged}) {
      const Score score = make(c.prompt, lyrics);
      const testing::Key key = key_of_melody(score);
      EXPECT_EQ(key.root, c.root) << c.prompt << " / " << lyrics;
      EXPECT_EQ(key.minor, c.minor) << c.prompt;
    }
  }
}

// A section of the score as a listener meets it: its kind and the lines
// sung in it ("chorus" with no lines is the band playing the chorus).
struct HeardSection {
  std::string kind;
  std::vector<std::string> lines;
  bool operator==(const HeardSection&) const = default;
};

std::vector<HeardSection> heard_form(const Score& score) {
  std::vector<HeardSection> form;
  for (const Section& s : score.sections) {
    HeardSection h{s.kind, {}};
    for (const SungNote& n : score.vocals.notes) {
      const bool in = n.start_beats >= s.start_beats - 1e-9 &&
                      n.start_beats < s.start_beats + s.length_beats - 1e-9;
      if (in && n.syllable == 0) h.lines.push_back(score.vocals.lines[n.line].text);
    }
    form.push_back(std::move(h));
  }
  return form;
}

std::string shape_of(const std::vector<HeardSection>& form) {
  std::string shape;
  for (const HeardSection& h : form)
    shape += (shape.empty() ? "" : " ") + h.kind + (h.lines.empty() ? "" : "*");
  return shape;
}

// The section a song ends on, before its outro(s).
const HeardSection& closing_section(const std::vector<HeardSection>& form) {
  std::size_t end = form.size();
  while (end > 1 && form[end - 1].kind == "outro")
    --end;
  return form[end - 1];
}

const char* const kEndsOnAVerse =
    "[Verse]\nThe city lights are calling out my name\nI walk the streets and nothing looks the "
    "same\n[Chorus]\nWe are the night, we are the fire\nLift me up and take me higher\n"
    "[Verse 2]\nThe morning comes and I am on my way\nI leave the words I never got to say\n";

// Issue 17: every song had one shape (intro, verses, a solo before the last
// chorus, that chorus again, outro), so lyrics ending on a verse ended on one.
// Over ten prompts the same lyrics take several shapes, each closing on a chorus.
TEST(Composer, FormsVaryWithTheSeedAndEndOnAChorus) {
  for (const char* lyrics : {kEndsOnAVerse,
                             "We drive along the open road\nThe windows down, the "
                             "radio loud\n\nSummer nights we dance beside the "
                             "sea\nSummer days for you and me\n"}) {
    std::map<std::string, int> shapes;
    for (int take = 1; take <= 10; ++take) {
      const std::string prompt = "pop song about the city, take " + std::to_string(take);
      const Score score = make(prompt, lyrics);
      expect_well_formed(score, lyrics, prompt);
      const auto form = heard_form(score);
      ++shapes[shape_of(form)];
      EXPECT_EQ(closing_section(form).kind, "chorus") << prompt << ": " << shape_of(form);
    }
    for (const auto& [shape, n] : shapes)
      std::printf("%2d x %s\n", n, shape.c_str());
    EXPECT_GE(shapes.size(), 3U) << lyrics;
  }
}

// Whatever the lyrics (a verse last, no chorus at all, tags only on verses,
// a tagged solo after the chorus), the song closes on a chorus.
TEST(Composer, EveryFormClosesOnAChorus) {
  const std::vector<std::string> lyrics = {
      kEndsOnAVerse,
      kTagged,
      kLong600,
      "[Verse]\nOne little step and then another\n[Verse 2]\nTwo little steps for my "
      "brother\n",
      "I walked along the river\nThe water running cold\n\nI saw you by the harbour\nYour "
      "coat was made of gold\n",
      "[Verse]\nHere I stand alone\n[Chorus]\nSing it out loud\n[Guitar Solo]\n",
      "[Intro]\nHere we go\n[Outro]\nThere we went\n",
  };
  for (const auto& text : lyrics) {
    const auto written = read_form(text);
    const bool has_chorus = std::any_of(written.begin(), written.end(), [](const LyricSection& s) {
      return s.kind == "chorus" && !s.lines.empty();
    });
    for (const char* prompt : {"pop", "slow sad ballad", "fast punk 200 bpm", "edm with a drop",
                               "jazz waltz", "folk song, take 2", "rock 100 bpm"}) {
      const Score score = make(prompt, text);
      expect_well_formed(score, text, prompt);
      const auto form = heard_form(score);
      const HeardSection& closing = closing_section(form);
      EXPECT_EQ(closing.kind, "chorus") << prompt << ": " << shape_of(form);
      // A sung chorus somewhere, or none written: the band's chorus then.
      const bool sung_chorus = std::any_of(form.begin(), form.end(), [](const HeardSection& h) {
        return h.kind == "chorus" && !h.lines.empty();
      });
      EXPECT_EQ(sung_chorus, has_chorus) << prompt << ": " << shape_of(form);
    }
  }
}

// Lengthening adds sections; the buyer's tagged sections are all there, each
// with its own lines, in the buyer's order.
TEST(Composer, TaggedSectionsKeepTheBuyersOrder) {
  const std::string lyrics =
      "[Intro]\n[Verse 1]\nI walked alone\nDown the road\n[Pre-Chorus]\nAnd then I "
      "knew\n[Chorus]\nSing it loud\nSing it proud\n[Guitar Solo]\n[Verse 2]\nA second "
      "verse\nA brand new day\n[Bridge]\nOver the bridge we go\n[Verse 3]\nThe last verse "
      "now\nThe last line here\n";
  const auto written = read_form(lyrics);
  for (int take = 1; take <= 10; ++take) {
    const std::string prompt = "rock song, take " + std::to_string(take);
    const auto form = heard_form(make(prompt, lyrics));
    std::size_t next = 0;
    for (const HeardSection& h : form) {
      if (next < written.size() && h.kind == written[next].kind && h.lines == written[next].lines) {
        ++next;
      }
    }
    EXPECT_EQ(next, written.size()) << prompt << ": " << shape_of(form);
    EXPECT_EQ(closing_section(form).kind, "chorus") << prompt << ": " << shape_of(form);
  }
}

}  // namespace
}  // namespace l402d::engines::music
