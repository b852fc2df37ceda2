// Issue 17: the sung vocal must be understood. Two songs of the test set (a
// female and a male voice) are rendered whole and their sung lines run
// through pocketsphinx with a language model of the song's own words; the
// band alone, on the same spans, is the floor the voice must rise above.

#include <gtest/gtest.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engines/music/audio/loudness_range.hpp"
#include "engines/music/builtin_engine.hpp"
#include "engines/music/synth/flite_voice.hpp"
#include "intelligibility/section_loudness.hpp"
#include "intelligibility/test_songs.hpp"
#include "intelligibility/word_recall.hpp"

namespace l402d::engines::music::intelligibility {
namespace {

TEST(WordRecall, WordsAreLowerCaseLettersAndInnerApostrophes) {
  EXPECT_EQ(words_of("Don't stop, 'til the END!"),
            (std::vector<std::string>{"don't", "stop", "til", "the", "end"}));
}

TEST(WordRecall, MatchesCountWordsInOrder) {
  const std::vector<std::string> ref{"we", "drive", "along", "the", "road"};
  EXPECT_EQ(matched_words(ref, {"we", "drive", "the", "road"}), 4U);
  EXPECT_EQ(matched_words(ref, {"road", "the", "along"}), 1U);
  EXPECT_EQ(matched_words(ref, {}), 0U);
}

std::vector<std::string> lines_of(const Score& score) {
  std::vector<std::string> lines;
  for (const LyricLine& l : score.vocals.lines)
    lines.push_back(l.text);
  return lines;
}

struct Measured {
  Recall sung, band;
  double lra = 0;
  double voice_over_band = 0;
  SongBalance balance;
};

const TestSong& song_named(std::string_view name) {
  for (const TestSong& s : kTestSongs) {
    if (s.name == name) return s;
  }
  throw std::runtime_error("no test song " + std::string(name));
}

// Renders a test song; with `recognise`, also measures its recall.
Measured measure(const TestSong& song, bool recognise) {
  BuiltinMusicEngine engine;
  MusicJob job;
  job.prompt = std::string(song.prompt);
  job.lyrics = std::string(song.lyrics);
  job.audio_format = "wav";
  RenderDetails details;
  engine.compose(job, details, true);
  Measured m;
  m.lra = audio::loudness_range(details.mastered);
  m.voice_over_band = details.mix.voice_over_band_lu;
  m.balance = song_balance(details.mastered, details.score);
  if (recognise) {
    Recogniser recogniser(lines_of(details.score));
    const auto spans =
        sung_lines(details.score, details.vocal_timing, details.mastered.sample_rate);
    m.sung = recogniser.measure(details.mastered, spans);
    m.band = recogniser.measure(details.band, spans);
  }
  std::printf(
      "%s: sung %.2f (%zu/%zu), band alone %.2f, LRA %.1f LU, chorus %+.1f LU, "
      "instrumental gap %.1f LU, drop lead %+.1f LU\n",
      std::string(song.name).c_str(), m.sung.value(), m.sung.matched, m.sung.reference,
      m.band.value(), m.lra, m.balance.chorus_lift_lu, m.balance.worst_instrumental_gap,
      m.balance.drop_lead_lu);
  return m;
}

TEST(WordRecall, PlainSpeechIsRecognised) {
  // The recogniser itself: Flite speaking the lines (its own intonation).
  const TestSong& song = kTestSongs[0];
  std::vector<std::string> lines;
  std::string cur;
  for (char c : song.lyrics) {
    if (c == '\n') {
      if (!cur.empty()) lines.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) lines.push_back(cur);
  Recogniser recogniser(lines);
  Recall total;
  for (const std::string& line : lines) {
    FliteSettings settings;
    settings.monotone = false;
    const Utterance u = flite_synthesize(line, settings);
    AudioBuffer audio{u.sample_rate, 1, u.samples};
    total += recogniser.measure(audio, {{line, 0, audio.frames()}});
  }
  EXPECT_GE(total.value(), 0.9);
}

// The guard: the whole test set, both voices, every genre, against issue 17's
// target of 0.75 word recall for the sung mix. Before issue 17 the sung mix
// scored 0.46 on this measure, the band alone 0.21; a run-to-run spread of a
// few hundredths comes from espeak's syllable counts (docs/music-voice.md).
TEST(SungVocal, TheTestSetIsUnderstoodInTheMix) {
  Recall sung;
  for (const TestSong& song : kTestSongs) {
    const Measured m = measure(song, true);
    const std::string name(song.name);
    EXPECT_EQ(m.sung.unknown, 0U) << name;
    EXPECT_LE(m.band.value(), 0.3) << name;
    EXPECT_GE(m.sung.value() - m.band.value(), 0.35) << name;
    // The mix by measurement: the voice a few LU over the band, a narrow
    // loudness range, instrumental parts near the sung ones.
    EXPECT_NEAR(m.voice_over_band, 8.0, 0.5) << name;
    EXPECT_LT(m.lra, 8.0) << name;
    EXPECT_LE(m.balance.worst_instrumental_gap, 3.0) << name;
    sung += m.sung;
  }
  std::printf("test set: sung mix %.3f (%zu/%zu)\n", sung.value(), sung.matched, sung.reference);
  EXPECT_GE(sung.value(), 0.75);
}

TEST(Mix, ChorusesLiftAndTheDropIsLoudest) {
  const Measured lofi = measure(song_named("lofi"), false);
  EXPECT_GE(lofi.balance.chorus_lift_lu, 0.5);
  EXPECT_LE(lofi.balance.chorus_lift_lu, 2.0);
  EXPECT_LT(lofi.lra, 8.0);
  const Measured edm = measure(song_named("edm"), false);
  EXPECT_GT(edm.balance.drop_lead_lu, 0.5);
  EXPECT_LT(edm.lra, 8.0);
}

}  // namespace
}  // namespace l402d::engines::music::intelligibility
