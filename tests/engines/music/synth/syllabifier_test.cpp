#include <gtest/gtest.h>

#include <string>

#include "engines/music/synth/espeak_syllabifier.hpp"
#include "engines/music/synth/espeak_voice.hpp"

namespace l402d::engines::music {
namespace {

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v)
    out += s + "|";
  return out;
}

TEST(EspeakSyllabifier, SensibleCounts) {
  EspeakSyllabifier syl;
  EXPECT_EQ(syl.split("beautiful").size(), 3U) << joined(syl.split("beautiful"));
  EXPECT_EQ(syl.split("sun").size(), 1U);
  EXPECT_EQ(syl.split("shining").size(), 2U);
  EXPECT_EQ(syl.split("The sun is shining, beautiful!").size(), 1U + 1 + 1 + 2 + 3);
  EXPECT_EQ(joined(syl.split("beautiful")), "beau|ti|ful|");
  EXPECT_EQ(joined(syl.split("shining")), "shi|ning|");
}

TEST(EspeakSyllabifier, ChunksCoverEveryWordInOrder) {
  EspeakSyllabifier syl;
  const std::string line = "I'll be there tomorrow, under the fire of every hour";
  std::string letters;
  for (char c : line) {
    if (std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '\'') letters += c;
  }
  std::string chunks;
  for (const auto& s : syl.split(line)) {
    EXPECT_FALSE(s.empty());
    chunks += s;
  }
  EXPECT_EQ(chunks, letters);
  EXPECT_TRUE(syl.split("  ,,, ").empty());
}

TEST(EspeakSyllabifier, CountMatchesEspeakNuclei) {
  EspeakSyllabifier syl;
  for (const char* line : {"Walking down the empty road tonight", "Love will find a way",
                           "We are the children of the sky", "Dancing in the summer rain"}) {
    const Utterance u = espeak_synthesize(line, {Voice::female, 50, 150});
    std::size_t nuclei = 0;
    for (const auto& p : u.phonemes)
      nuclei += p.vowel ? 1 : 0;
    EXPECT_EQ(syl.split(line).size(), nuclei) << line << ": " << joined(syl.split(line));
  }
}

TEST(EspeakSyllabifier, CutWord) {
  EXPECT_EQ(joined(EspeakSyllabifier::cut_word("fire", 1)), "fire|");
  EXPECT_EQ(joined(EspeakSyllabifier::cut_word("winter", 2)), "win|ter|");
  EXPECT_EQ(EspeakSyllabifier::cut_word("hour", 2).size(), 2U);
  EXPECT_EQ(EspeakSyllabifier::cut_word("a", 2).size(), 2U);
}

TEST(EspeakVoice, MonotoneAndEvents) {
  const Utterance u = espeak_synthesize("sun", {Voice::male, 50, 150});
  EXPECT_EQ(u.sample_rate, 22050);
  EXPECT_GT(u.samples.size(), 2000U);
  ASSERT_EQ(u.words.size(), 1U);
  std::size_t vowels = 0;
  for (const auto& p : u.phonemes) {
    EXPECT_LE(p.start, p.end);
    EXPECT_LE(p.end, u.samples.size());
    vowels += p.vowel ? 1 : 0;
  }
  EXPECT_EQ(vowels, 1U);
  EXPECT_EQ(espeak_pitch_for(Voice::male, 89), 50);
  EXPECT_EQ(espeak_pitch_for(Voice::female, 179), 50);
  EXPECT_NEAR(espeak_f0_for(Voice::female, 75), 233, 0.5);
}

}  // namespace
}  // namespace l402d::engines::music
