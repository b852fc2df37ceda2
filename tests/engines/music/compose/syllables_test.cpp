#include "engines/music/compose/syllables.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <utility>
#include <vector>

namespace l402d::engines::music {
namespace {

// Syllable counts as in the CMU Pronouncing Dictionary (first pronunciation),
// chosen from words common in lyrics and from the spelling rules' hard cases.
const std::vector<std::pair<std::string, std::size_t>> kWords = {
    {"love", 1},        {"heart", 1},      {"night", 1},      {"time", 1},       {"fire", 1},
    {"the", 1},         {"you", 1},        {"eyes", 1},       {"through", 1},    {"world", 1},
    {"dreams", 1},      {"smile", 1},      {"whole", 1},      {"loved", 1},      {"danced", 1},
    {"tried", 1},       {"queen", 1},      {"league", 1},     {"strength", 1},   {"knows", 1},
    {"rain", 1},        {"sky", 1},        {"sea", 1},        {"free", 1},       {"home", 1},
    {"lives", 1},       {"times", 1},      {"shoes", 1},      {"goes", 1},       {"hearts", 1},
    {"baby", 2},        {"little", 2},     {"table", 2},      {"people", 2},     {"lonely", 2},
    {"someday", 2},     {"wanted", 2},     {"needed", 2},     {"being", 2},      {"going", 2},
    {"crying", 2},      {"flying", 2},     {"quiet", 2},      {"million", 2},    {"tonight", 2},
    {"somewhere", 2},   {"guitar", 2},     {"language", 2},   {"argue", 2},      {"value", 2},
    {"maybe", 2},       {"goodbye", 2},    {"places", 2},     {"changes", 2},    {"roses", 2},
    {"summer", 2},      {"shining", 2},    {"walking", 2},    {"money", 2},      {"journey", 2},
    {"away", 2},        {"again", 2},      {"alone", 2},      {"believe", 2},    {"inside", 2},
    {"desire", 2},      {"lovely", 2},     {"worry", 2},      {"crazy", 2},      {"heaven", 2},
    {"music", 2},       {"forget", 2},     {"open", 2},       {"river", 2},      {"broken", 2},
    {"hello", 2},       {"shadow", 2},     {"window", 2},     {"flower", 2},     {"power", 2},
    {"ocean", 2},       {"freedom", 2},    {"silence", 2},    {"nature", 2},     {"future", 2},
    {"picture", 2},     {"special", 2},    {"precious", 2},   {"nation", 2},     {"angel", 2},
    {"orange", 2},      {"sometimes", 2},  {"ourselves", 2},  {"someone", 2},    {"every", 2},
    {"beautiful", 3},   {"everything", 3}, {"happier", 3},    {"piano", 3},      {"radio", 3},
    {"video", 3},       {"usual", 3},      {"forever", 3},    {"anyone", 3},     {"memories", 3},
    {"together", 3},    {"remember", 3},   {"tomorrow", 3},   {"yesterday", 3},  {"wonderful", 3},
    {"universe", 3},    {"imagine", 3},    {"emotion", 3},    {"delicious", 3},  {"family", 3},
    {"different", 3},   {"curious", 3},    {"oranges", 3},    {"whatever", 3},   {"melody", 3},
    {"celebrate", 3},   {"butterfly", 3},  {"hallelujah", 4}, {"actually", 4},   {"everybody", 4},
    {"celebration", 4}, {"impossible", 4}, {"California", 4}, {"revolution", 4}, {"imagination", 5},
};

TEST(Syllables, CountsOnAWordListAreAtLeastNinetyPercentRight) {
  std::size_t right = 0;
  std::string wrong;
  for (const auto& [word, count] : kWords) {
    const auto chunks = HeuristicSyllabifier::split_word(word);
    if (chunks.size() == count) {
      ++right;
    } else {
      wrong += word + "=" + std::to_string(chunks.size()) + " ";
    }
  }
  const double accuracy = static_cast<double>(right) / static_cast<double>(kWords.size());
  std::printf("syllable counts: %zu/%zu right (%.1f%%); wrong: %s\n", right, kWords.size(),
              100 * accuracy, wrong.c_str());
  EXPECT_GE(accuracy, 0.9) << wrong;
}

TEST(Syllables, ChunksConcatenateToTheWord) {
  for (const auto& [word, count] : kWords) {
    std::string joined;
    for (const auto& chunk : HeuristicSyllabifier::split_word(word)) {
      EXPECT_FALSE(chunk.empty()) << word;
      joined += chunk;
    }
    EXPECT_EQ(joined, word);
  }
  EXPECT_EQ(HeuristicSyllabifier::split_word("Beautiful"),
            (std::vector<std::string>{"Beau", "ti", "ful"}));
}

TEST(Syllables, LineCoversEveryWordInOrderAndDropsPunctuation) {
  const HeuristicSyllabifier syllabifier;
  const std::string line = "Oh, baby -- don't you cry! (We're \"forever\" young...)";
  const auto chunks = syllabifier.split(line);
  std::string joined;
  for (const auto& chunk : chunks) {
    for (const char c : chunk) {
      EXPECT_TRUE(std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '\'') << chunk;
    }
    joined += chunk;
  }
  EXPECT_EQ(joined, "Ohbabydon'tyoucryWe'reforeveryoung");
  EXPECT_EQ(chunks.size(), 11U);  // oh ba-by don't you cry we're for-ev-er young
}

TEST(Syllables, NumbersAreSpelled) {
  const HeuristicSyllabifier syllabifier;
  EXPECT_EQ(spell_number("42"), "forty two");
  EXPECT_EQ(spell_number("7"), "seven");
  EXPECT_EQ(spell_number("100"), "one hundred");
  EXPECT_EQ(spell_number("1984"), "nineteen eighty four");
  EXPECT_EQ(spell_number("2005"), "two thousand five");
  EXPECT_EQ(syllabifier.split("42").size(), 3U);
  EXPECT_EQ(syllabifier.split("24/7").size(), 5U);  // twen-ty four se-ven
}

TEST(Syllables, EmptyAndSymbolOnlyLines) {
  const HeuristicSyllabifier syllabifier;
  EXPECT_TRUE(syllabifier.split("").empty());
  EXPECT_TRUE(syllabifier.split("... !!! ---").empty());
  EXPECT_EQ(syllabifier.split("a").size(), 1U);
  // Letters outside ASCII stay in their word.
  const auto cafe = syllabifier.split("caf\xc3\xa9 ni\xc3\xb1o");
  ASSERT_FALSE(cafe.empty());
  std::string joined;
  for (const auto& c : cafe)
    joined += c;
  EXPECT_EQ(joined, "caf\xc3\xa9ni\xc3\xb1o");
}

}  // namespace
}  // namespace l402d::engines::music
