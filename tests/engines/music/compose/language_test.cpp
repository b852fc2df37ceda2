#include "engines/music/compose/language.hpp"

#include <gtest/gtest.h>

namespace l402d::engines::music {
namespace {

// Issue 17: Spanish and German lyrics were sung with English rules.
TEST(Language, LyricsLanguageFromItsCommonWords) {
  EXPECT_EQ(detect_language("Walking on the beach, the sun is shining bright"), "en");
  EXPECT_EQ(detect_language("Bajo la luna de mi ciudad, el amor que no se va"), "es");
  EXPECT_EQ(detect_language("Ich bin nicht allein in der Nacht, das Herz ist wach"), "de");
  EXPECT_EQ(detect_language("Je marche dans la nuit avec toi, mon amour"), "fr");
  EXPECT_EQ(detect_language("Sei il mio cuore, la notte non finisce"), "it");
  EXPECT_EQ(detect_language("Eu sou o mar, meu coração não para"), "pt");
}

TEST(Language, ShortOrMixedLyricsStayEnglish) {
  EXPECT_EQ(detect_language("la la la"), "en");
  EXPECT_EQ(detect_language("No me, no you, we dance all night"), "en");
  EXPECT_EQ(detect_language(""), "en");
}

}  // namespace
}  // namespace l402d::engines::music
