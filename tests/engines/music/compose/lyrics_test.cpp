#include "engines/music/compose/lyrics.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace l402d::engines::music {
namespace {

std::vector<std::string> kinds(const std::vector<LyricSection>& sections) {
  std::vector<std::string> out;
  for (const auto& s : sections)
    out.push_back(s.kind);
  return out;
}

TEST(Lyrics, TagsAreHonoured) {
  const auto form = read_form(
      "[Intro]\n\n[Verse 1]\nI walked alone\nDown the road\n\n[Pre-Chorus]\nAnd then\n"
      "[Chorus]\nSing it loud\nSing it proud\n[Verse 2]\nA second verse\n[Hook]\nHook line\n"
      "[Bridge]\nOver the bridge\n[Guitar Solo]\n[Outro]\nGoodbye now\n");
  EXPECT_EQ(kinds(form),
            (std::vector<std::string>{"intro", "verse", "pre-chorus", "chorus", "verse", "chorus",
                                      "bridge", "instrumental", "outro"}));
  EXPECT_TRUE(form[0].lines.empty());  // an instrumental intro
  EXPECT_EQ(form[1].lines, (std::vector<std::string>{"I walked alone", "Down the road"}));
  EXPECT_TRUE(form[7].lines.empty());
  EXPECT_EQ(form[8].lines.size(), 1U);
  for (const auto& s : form)
    EXPECT_TRUE(s.tagged);
}

TEST(Lyrics, TagVariants) {
  EXPECT_EQ(tag_kind("CHORUS"), "chorus");
  EXPECT_EQ(tag_kind("hook"), "chorus");
  EXPECT_EQ(tag_kind("Refrain"), "chorus");
  EXPECT_EQ(tag_kind("Pre Chorus"), "pre-chorus");
  EXPECT_EQ(tag_kind("pre-chorus"), "pre-chorus");
  EXPECT_EQ(tag_kind("Verse 3: Rapper"), "verse");
  EXPECT_EQ(tag_kind("Middle 8"), "bridge");
  EXPECT_EQ(tag_kind("Instrumental break"), "instrumental");
  EXPECT_EQ(tag_kind("Fade out"), "outro");
  EXPECT_EQ(tag_kind("Banana"), "");
  const auto form = read_form("Verse 1:\nline one\nChorus\nline two\n(Bridge)\nline three\n");
  EXPECT_EQ(kinds(form), (std::vector<std::string>{"verse", "chorus", "bridge"}));
}

TEST(Lyrics, AnEmptyChorusTagRepeatsTheChorus) {
  const auto form =
      read_form("[Verse]\na b c\n[Chorus]\nla la la\nna na na\n[Verse]\nd e f\n[Chorus]\n");
  ASSERT_EQ(form.size(), 4U);
  EXPECT_EQ(form[3].kind, "chorus");
  EXPECT_EQ(form[3].lines, form[1].lines);
}

TEST(Lyrics, UntaggedRepeatedStanzaBecomesTheChorus) {
  const auto form = read_form(
      "The morning light is breaking\nOver hills of gold\n\n"
      "Hold on, hold on to me\nNever let me go\n\n"
      "The evening falls in silence\nStories to be told\n\n"
      "Hold on, hold on to me\nNever let me go\n");
  EXPECT_EQ(kinds(form), (std::vector<std::string>{"verse", "chorus", "verse", "chorus"}));
  for (const auto& s : form)
    EXPECT_FALSE(s.tagged);
}

TEST(Lyrics, UntaggedRepeatedLinesMakeAChorus) {
  const auto form = read_form(
      "I woke up today\nThe sky was grey\n\n"
      "Dance all night\nDance all night\nUntil the light\n\n"
      "I walked away\nWith nothing to say\n");
  EXPECT_EQ(kinds(form), (std::vector<std::string>{"verse", "chorus", "verse"}));
}

TEST(Lyrics, ARefrainIsFoundByContentNotOnlyWordForWord) {
  // The second chorus changes a word or two in each line, as songwriters do.
  const auto form = read_form(
      "The morning light is breaking\nOver hills of gold\n\n"
      "Hold on to the summer now\nWe are young and burning bright\n\n"
      "The evening falls in silence\nStories to be told\n\n"
      "So hold on to the summer now\nWe are young and burning so bright\n");
  EXPECT_EQ(kinds(form), (std::vector<std::string>{"verse", "chorus", "verse", "chorus"}));
}

TEST(Lyrics, VersesSharingAFewWordsStayVerses) {
  const auto form = read_form(
      "I walked along the river\nThe water running cold\n\n"
      "I saw you by the harbour\nYour coat was made of gold\n\n"
      "I walked into the city\nThe lights were shining bright\n");
  EXPECT_EQ(kinds(form), (std::vector<std::string>{"verse", "verse", "verse"}));
}

TEST(Lyrics, AShortClosingStanzaIsTheChorus) {
  // A couplet after a quatrain, nothing repeated: the hook written out once.
  const auto form = read_form(
      "We will not stop, we will not wait\nWe break the rules and shake the gate\n"
      "The town is old, the kids are young\nWe shout it out with every lung\n\n"
      "Turn it up and let it ring\nEverybody stand and sing\n");
  EXPECT_EQ(kinds(form), (std::vector<std::string>{"verse", "chorus"}));
  // Stanzas of one length stay verses (VersesSharingAFewWordsStayVerses), and
  // a short stanza in the middle is not the last word.
  const auto middle = read_form(
      "I walked along the river\nThe water running cold\nThe sky was grey\nThe road was long\n\n"
      "Oh my love\nOh my dear\n\n"
      "I walked into the city\nThe lights were shining bright\nI lost my way\nI found the "
      "night\n");
  EXPECT_EQ(kinds(middle), (std::vector<std::string>{"verse", "verse", "verse"}));
}

TEST(Lyrics, ShortLyricsAreSungTwice) {
  const auto form = read_form("Walking on the beach, sun is shining bright, every day feels right");
  ASSERT_EQ(form.size(), 2U);
  EXPECT_EQ(form[0].kind, "verse");
  EXPECT_EQ(form[1].kind, "chorus");
  EXPECT_EQ(form[0].lines, form[1].lines);
}

TEST(Lyrics, LongLinesAreCutAtPunctuation) {
  const std::string line =
      "I have been walking down this endless road for days, and every step I take brings me "
      "closer to the place I used to call my home";
  const auto form = read_form(line);
  ASSERT_FALSE(form.empty());
  ASSERT_GE(form[0].lines.size(), 2U);
  std::string joined;
  for (const auto& l : form[0].lines) {
    EXPECT_LE(l.size(), 70U) << l;
    joined += l + " ";
  }
  EXPECT_NE(joined.find("for days,"), std::string::npos);
}

TEST(Lyrics, AWallOfLinesIsCutIntoStanzas) {
  std::string text;
  for (int i = 0; i < 12; ++i)
    text += "this is line number " + std::to_string(i) + "\n";
  const auto form = read_form(text);
  EXPECT_EQ(form.size(), 3U);
  for (const auto& s : form)
    EXPECT_EQ(s.lines.size(), 4U);
}

TEST(Lyrics, CarriageReturnsAndBlankInput) {
  EXPECT_TRUE(read_form("").empty());
  EXPECT_TRUE(read_form("\n\n  \n").empty());
  const auto form = read_form("[Verse]\r\nline one\r\nline two\r\n");
  ASSERT_EQ(form.size(), 1U);
  EXPECT_EQ(form[0].lines, (std::vector<std::string>{"line one", "line two"}));
}

}  // namespace
}  // namespace l402d::engines::music
