#include "engines/music/compose/singable.hpp"

#include <gtest/gtest.h>

namespace l402d::engines::music {
namespace {

TEST(Singable, WordsOfLettersOutsideTagsCount) {
  EXPECT_EQ(singable_words("Walking on the beach, sun is shining"), 7U);
  EXPECT_EQ(singable_words("[Verse]\nDon't stop\n[Chorus]\nnow"), 3U);
  EXPECT_EQ(singable_words("Ünter den Linden, ¿qué tal? Привет"), 6U);
}

TEST(Singable, EmojiSymbolsDigitsAndTagsAloneAreRefused) {
  EXPECT_TRUE(unsingable_reason("\xF0\x9F\x8E\xB5\xF0\x9F\x8E\xB6\xF0\x9F\x94\xA5"));
  EXPECT_TRUE(unsingable_reason("[Intro]\n[Verse 2]\n[Chorus]\n[Outro]"));
  EXPECT_TRUE(unsingable_reason("123 456 789 ... !!! --- ###"));
  EXPECT_TRUE(
      unsingable_reason("\xE6\x84\x9B\xE3\x81\x97\xE3\x81\xA6\xE3\x82\x8B"));  // CJK: no voice
  EXPECT_TRUE(unsingable_reason(""));
  EXPECT_FALSE(unsingable_reason("\xF0\x9F\x8E\xB5 oh \xF0\x9F\x8E\xB5"));
  EXPECT_FALSE(unsingable_reason("[Chorus]\nHey"));
}

TEST(Singable, MalformedUtf8IsNotALetter) {
  EXPECT_TRUE(unsingable_reason("\xC3\xFF\xFE\x80\x80"));
  EXPECT_EQ(singable_words("ab\xFF"
                           "cd"),
            2U);
}

}  // namespace
}  // namespace l402d::engines::music
