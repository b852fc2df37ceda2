#include "engines/music/compose/style.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "engines/music/compose/gm.hpp"

namespace l402d::engines::music {
namespace {

TEST(Style, EveryGenreAndItsSynonyms) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a catchy pop song", "pop"},
      {"K-pop anthem", "pop"},
      {"smooth r&b groove", "pop"},
      {"rock", "rock"},
      {"90s grunge", "rock"},
      {"punk with shouted vocals", "rock"},
      {"tender ballad", "ballad"},
      {"power ballad", "ballad"},
      {"late night jazz", "jazz"},
      {"bebop", "jazz"},
      {"delta blues", "blues"},
      {"hip hop", "hip-hop"},
      {"hip-hop", "hip-hop"},
      {"old school rap", "hip-hop"},
      {"trap beat", "hip-hop"},
      {"electronic", "electronic"},
      {"EDM festival banger", "electronic"},
      {"deep house", "electronic"},
      {"techno", "electronic"},
      {"dance track", "electronic"},
      {"lo-fi", "lo-fi"},
      {"lofi hip hop beat to study to", "lo-fi"},
      {"chillhop", "lo-fi"},
      {"folk", "folk"},
      {"acoustic singer-songwriter", "folk"},
      {"country", "country"},
      {"bluegrass", "country"},
      {"reggae", "reggae"},
      {"ska", "reggae"},
      {"latin", "latin"},
      {"salsa", "latin"},
      {"bossa nova", "latin"},
      {"classical", "classical"},
      {"orchestral", "classical"},
      {"epic cinematic score", "classical"},
      {"metal", "metal"},
      {"heavy metal", "metal"},
      {"thrash", "metal"},
  };
  for (const auto& [prompt, genre] : cases) {
    const Style style = read_style(prompt);
    EXPECT_EQ(genre_name(style.genre), genre) << prompt << " -> " << describe(style);
    EXPECT_TRUE(style.genre_recognised) << prompt;
  }
}

TEST(Style, HeadNounWinsAndInstrumentPhrasesAreNotGenres) {
  EXPECT_EQ(read_style("rock ballad").genre, Genre::ballad);
  EXPECT_EQ(read_style("folk rock").genre, Genre::rock);
  const Style guitar = read_style("pop song with classical guitar");
  EXPECT_EQ(guitar.genre, Genre::pop);
  EXPECT_EQ(guitar.chords_program, gm::kNylonGuitar);
  EXPECT_EQ(read_style("acoustic guitar pop").genre, Genre::pop);
}

TEST(Style, UnknownFallsBackToPop) {
  for (const char* prompt : {"", "qwerty zxcv", "something nice for my grandmother", "!!!"}) {
    const Style style = read_style(prompt);
    EXPECT_EQ(style.genre, Genre::pop) << prompt;
    EXPECT_FALSE(style.genre_recognised) << prompt;
    EXPECT_GE(style.bpm, 90);
    EXPECT_LE(style.bpm, 130);
    EXPECT_TRUE(style.drums);
  }
}

TEST(Style, ExplicitTempoIsObeyedAndClamped) {
  EXPECT_EQ(read_style("pop 90 bpm").bpm, 90);
  EXPECT_EQ(read_style("pop at 90bpm").bpm, 90);
  EXPECT_EQ(read_style("rock, tempo 95").bpm, 95);
  EXPECT_EQ(read_style("slow ballad, bpm: 140").bpm, 140);  // the number beats the word
  EXPECT_EQ(read_style("house 128 BPM").bpm, 128);
  EXPECT_TRUE(read_style("pop 90 bpm").bpm_explicit);
  EXPECT_EQ(read_style("metal 900 bpm").bpm, 220);
  EXPECT_EQ(read_style("ambient 10 bpm").bpm, 40);
  EXPECT_FALSE(read_style("80s synthpop").bpm_explicit);
}

TEST(Style, TempoWordsAndMoodMoveTheTempo) {
  const double plain = read_style("pop").bpm;
  EXPECT_LT(read_style("slow pop").bpm, plain);
  EXPECT_GT(read_style("fast pop").bpm, plain);
  EXPECT_GT(read_style("upbeat pop").bpm, plain);
  EXPECT_LT(read_style("sad pop").bpm, plain);
  EXPECT_GT(read_style("energetic pop").bpm, plain);
  for (const char* p : {"very slow sad calm ballad", "very fast energetic metal"}) {
    EXPECT_GE(read_style(p).bpm, 56) << p;
    EXPECT_LE(read_style(p).bpm, 180) << p;
  }
}

TEST(Style, KeyAndMode) {
  Style s = read_style("a ballad in D minor");
  EXPECT_EQ(s.key_root, 2);
  EXPECT_EQ(s.mode, Mode::minor);
  EXPECT_TRUE(s.key_explicit);
  s = read_style("pop song, A major");
  EXPECT_EQ(s.key_root, 9);
  EXPECT_EQ(s.mode, Mode::major);
  s = read_style("jazz in the key of Bb");
  EXPECT_EQ(s.key_root, 10);
  s = read_style("F# minor rock");
  EXPECT_EQ(s.key_root, 6);
  EXPECT_EQ(s.mode, Mode::minor);
  s = read_style("E flat major waltz");
  EXPECT_EQ(s.key_root, 3);
  s = read_style("folk in a minor");
  EXPECT_EQ(s.key_root, 9);
  EXPECT_EQ(s.mode, Mode::minor);
  // "a" as an article is not the key of A.
  s = read_style("a major hit");
  EXPECT_FALSE(s.key_explicit);
  EXPECT_EQ(s.mode, Mode::major);
  s = read_style("a song in a minor key");
  EXPECT_EQ(s.mode, Mode::minor);
  // Without a key, the mood picks the mode.
  EXPECT_EQ(read_style("sad pop").mode, Mode::minor);
  EXPECT_EQ(read_style("dark electronic").mode, Mode::minor);
  EXPECT_EQ(read_style("happy pop").mode, Mode::major);
  const int root = read_style("happy pop").key_root;
  EXPECT_GE(root, 0);
  EXPECT_LT(root, 12);
}

TEST(Style, Voice) {
  EXPECT_EQ(read_style("pop with female vocals").voice, Voice::female);
  EXPECT_EQ(read_style("rock with female vocals").voice, Voice::female);
  EXPECT_EQ(read_style("pop with male vocals").voice, Voice::male);
  EXPECT_EQ(read_style("ballad sung by a woman").voice, Voice::female);
  EXPECT_EQ(read_style("ballad sung by a man").voice, Voice::male);
  EXPECT_TRUE(read_style("male vocals").voice_explicit);
  EXPECT_FALSE(read_style("pop").voice_explicit);
}

TEST(Style, InstrumentsMapToGmPrograms) {
  EXPECT_EQ(read_style("piano pop").chords_program, gm::kAcousticGrand);
  EXPECT_EQ(read_style("rhodes soul").chords_program, gm::kElectricPiano);
  EXPECT_EQ(read_style("organ blues").pad_program, gm::kDrawbarOrgan);
  EXPECT_EQ(read_style("pop with distorted guitar").chords_program, gm::kDistortionGuitar);
  EXPECT_EQ(read_style("overdriven guitar rock").chords_program, gm::kOverdrivenGuitar);
  EXPECT_EQ(read_style("acoustic guitar folk").chords_program, gm::kSteelGuitar);
  EXPECT_EQ(read_style("jazz with saxophone").lead_program, gm::kAltoSax);
  EXPECT_EQ(read_style("pop with a flute").lead_program, gm::kFlute);
  EXPECT_EQ(read_style("violin ballad").lead_program, gm::kViolin);
  EXPECT_EQ(read_style("brass funk").lead_program, gm::kBrass);
  EXPECT_EQ(read_style("synth pop with a synth lead").lead_program, gm::kSawLead);
  EXPECT_EQ(read_style("trap with heavy 808s").bass_program, gm::kSynthBass);
  EXPECT_EQ(read_style("jazz, upright bass").bass_program, gm::kAcousticBass);
  const Style strings = read_style("rock with strings");
  EXPECT_TRUE(strings.pad);
  EXPECT_EQ(strings.pad_program, gm::kStrings);
  const Style two = read_style("piano and guitar pop");
  EXPECT_EQ(two.chords_program, gm::kAcousticGrand);
  EXPECT_EQ(two.lead_program, gm::kSteelGuitar);
  EXPECT_EQ(two.instruments, (std::vector<std::string>{"piano", "guitar"}));
}

TEST(Style, DrumsAndGroove) {
  EXPECT_FALSE(read_style("a cappella folk").drums);
  EXPECT_FALSE(read_style("pop with no drums").drums);
  EXPECT_EQ(read_style("pop with no drums").drum_density, 0);
  EXPECT_FALSE(read_style("classical").drums);
  EXPECT_TRUE(read_style("classical with drums").drums);
  EXPECT_GT(read_style("jazz").swing, 0.9);
  EXPECT_GT(read_style("pop shuffle").swing, 0.9);
  EXPECT_EQ(read_style("rock").swing, 0);
  EXPECT_GT(read_style("aggressive metal").drum_density, read_style("calm lofi").drum_density);
}

TEST(Style, SlowSadBalladAgainstFastRock) {
  const Style ballad = read_style("slow sad piano ballad");
  const Style rock = read_style("fast energetic rock with distorted guitars");
  EXPECT_LT(ballad.bpm, 90);
  EXPECT_GT(rock.bpm, 120);
  EXPECT_EQ(ballad.chords_program, gm::kAcousticGrand);
  EXPECT_TRUE(rock.chords_program == gm::kDistortionGuitar ||
              rock.chords_program == gm::kOverdrivenGuitar);
  EXPECT_GT(rock.drum_density, ballad.drum_density);
  EXPECT_EQ(ballad.mode, Mode::minor);
  EXPECT_NE(describe(ballad), describe(rock));
}

// Issue 17: "solo piano, no drums" got bass, pad and lead; "mid tempo" rock
// came out at 144 bpm.
TEST(Style, SoloInstrumentPlaysAlone) {
  const Style s = read_style("solo piano ballad, gentle");
  EXPECT_TRUE(s.solo);
  EXPECT_FALSE(s.drums);
  EXPECT_FALSE(s.pad);
  EXPECT_EQ(s.lead_program, s.chords_program);
  EXPECT_FALSE(read_style("rock song with a long guitar solo").solo);
}

TEST(Style, MidTempoIsModerateWhateverTheGenre) {
  for (const char* prompt :
       {"mid tempo rock song with electric guitar", "midtempo punk", "mid tempo lo-fi"}) {
    const Style s = read_style(prompt);
    EXPECT_GE(s.bpm, 96) << prompt;
    EXPECT_LE(s.bpm, 112) << prompt;
  }
  EXPECT_GT(read_style("rock song with electric guitar").bpm, 120);
}

// Issue 17: "guitars" in a punk prompt turned the band into a steel-string
// acoustic; an instrument word refines the genre instead.
// Issue 17: instrument words refine the genre rather than replace its sound.
TEST(Style, AKeyboardNamedInAGuitarGenreJoinsTheBand) {
  for (const char* genre : {"punk rock", "metal", "blues", "country"}) {
    const Style plain = read_style(genre);
    const Style with_piano = read_style(std::string(genre) + " with piano");
    EXPECT_EQ(with_piano.chords_program, plain.chords_program) << genre;
    EXPECT_TRUE(with_piano.pad) << genre;
    EXPECT_EQ(with_piano.pad_program, gm::kAcousticGrand) << genre;
    EXPECT_EQ(with_piano.drums, plain.drums) << genre;
  }
  // A genre whose chords are keys already takes the named instrument as before.
  EXPECT_EQ(read_style("pop with organ").chords_program, gm::kDrawbarOrgan);
}

TEST(Style, PlainGuitarsKeepTheGenresGuitar) {
  const Style punk = read_style("fast punk rock with loud guitars");
  EXPECT_EQ(punk.chords_program, read_style("fast punk rock").chords_program);
  EXPECT_NE(punk.chords_program, gm::kSteelGuitar);
  EXPECT_EQ(read_style("metal with guitars").chords_program, read_style("metal").chords_program);
  // Named guitars and genres without a guitar of their own still follow the word.
  EXPECT_EQ(read_style("punk rock with acoustic guitar").chords_program, gm::kSteelGuitar);
  EXPECT_EQ(read_style("pop song with guitar").chords_program, gm::kSteelGuitar);
}

}  // namespace
}  // namespace l402d::engines::music
