#include "engines/music/synth/instrument_renderer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

#include "support/cpu_time.hpp"

namespace l402d::engines::music {
namespace {

// 4 bars at 120 bpm: kick/snare/hat, bass, chords, lead.
Score small_song(double bars = 4) {
  Score s;
  s.bpm = 120;
  s.length_beats = bars * 4;
  Track drums{"drums", 9, 0, 0.9F, 0.0F, {}};
  Track bass{"bass", 1, 33, 0.8F, -0.1F, {}};
  Track chords{"chords", 2, 4, 0.6F, 0.3F, {}};
  Track lead{"lead", 3, 80, 0.5F, -0.3F, {}};
  for (int beat = 0; beat < static_cast<int>(s.length_beats); ++beat) {
    drums.notes.push_back({static_cast<double>(beat), 0.25, beat % 2 == 0 ? 36 : 38, 110});
    drums.notes.push_back({beat + 0.5, 0.25, 42, 80});
    bass.notes.push_back({static_cast<double>(beat), 0.9, 36 + (beat / 4) % 3 * 5, 100});
  }
  for (int bar = 0; bar < static_cast<int>(bars); ++bar) {
    for (int p : {60, 64, 67})
      chords.notes.push_back({bar * 4.0, 3.9, p + (bar % 2) * 5, 80});
    lead.notes.push_back({bar * 4.0 + 1, 2, 72 + bar % 3, 90});
  }
  s.tracks = {drums, bass, chords, lead};
  return s;
}

// Every render plays on a new synth, so the same score gives the same samples
// whatever was rendered before and on whichever pooled soundfont.
void expect_same_render(const AudioBuffer& a, const AudioBuffer& b) {
  ASSERT_EQ(a.samples.size(), b.samples.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < a.samples.size(); ++i)
    differing += a.samples[i] != b.samples[i] ? 1U : 0U;
  EXPECT_EQ(differing, 0U) << "of " << a.samples.size() << " samples";
}

double rms(const AudioBuffer& b, std::size_t from, std::size_t to) {
  double sum = 0;
  to = std::min(to, b.frames());
  for (std::size_t i = from; i < to; ++i) {
    for (int c = 0; c < b.channels; ++c) {
      const double v =
          b.samples[i * static_cast<std::size_t>(b.channels) + static_cast<std::size_t>(c)];
      sum += v * v;
    }
  }
  return to > from ? std::sqrt(sum / static_cast<double>((to - from) *
                                                         static_cast<std::size_t>(b.channels)))
                   : 0.0;
}

TEST(InstrumentRenderer, DurationChannelsAndLevel) {
  InstrumentRenderer renderer;
  const Score s = small_song();
  const AudioBuffer out = renderer.render(s);
  EXPECT_EQ(out.sample_rate, 44100);
  EXPECT_EQ(out.channels, 2);
  // 16 beats at 120 bpm = 8 s, plus the 2 s tail.
  EXPECT_EQ(out.frames(), static_cast<std::size_t>(10 * 44100));
  EXPECT_GT(rms(out, 0, out.frames()), 0.01);
  float peak = 0;
  for (float v : out.samples)
    peak = std::max(peak, std::abs(v));
  EXPECT_LT(peak, 1.0F);
  // Panned parts make the channels differ.
  double diff = 0;
  for (std::size_t i = 0; i < out.frames(); ++i)
    diff += std::abs(out.samples[2 * i] - out.samples[2 * i + 1]);
  EXPECT_GT(diff / static_cast<double>(out.frames()), 1e-3);
  // The tail decays: the last 0.25 s is much quieter than the song.
  EXPECT_LT(rms(out, out.frames() - 11025, out.frames()), 0.1 * rms(out, 0, 8 * 44100));
}

TEST(InstrumentRenderer, EnergyRisesAtNoteOnsets) {
  InstrumentRenderer renderer;
  Score s;
  s.bpm = 60;  // one note per second, silence in between
  s.length_beats = 6;
  Track piano{"piano", 0, 0, 1.0F, 0.0F, {}};
  for (int i = 0; i < 6; ++i)
    piano.notes.push_back({static_cast<double>(i), 0.3, 60 + i, 110});
  s.tracks = {piano};
  InstrumentRenderOptions opt;
  opt.reverb_send = 0;
  opt.chorus_send = 0;
  const AudioBuffer out = renderer.render(s, opt);
  for (int i = 1; i < 6; ++i) {
    const auto onset = static_cast<std::size_t>(i * 44100);
    const double before =
        rms(out, onset - 2205, onset);  // 50 ms before: the last note has been released
    const double after = rms(out, onset, onset + 2205);
    EXPECT_GT(after, 4 * before) << "note " << i;
    // Sample accuracy: silence until the exact onset frame (the attack starts within 2 ms).
    EXPECT_GT(rms(out, onset, onset + 88), 1e-4) << "note " << i;
  }
}

TEST(InstrumentRenderer, DrumTransients) {
  InstrumentRenderer renderer;
  Score s;
  s.bpm = 120;
  s.length_beats = 8;
  Track drums{"drums", 9, 0, 1.0F, 0.0F, {}};
  for (int i = 0; i < 8; ++i)
    drums.notes.push_back({static_cast<double>(i), 0.1, i % 2 ? 38 : 36, 120});
  s.tracks = {drums};
  InstrumentRenderOptions opt;
  opt.reverb_send = 0;
  const AudioBuffer out = renderer.render(s, opt);
  for (int i = 0; i < 8; ++i) {
    const auto hit = static_cast<std::size_t>(i * 22050);
    const double attack = rms(out, hit, hit + 1102);
    const double later = rms(out, hit + 15000, hit + 22000);
    EXPECT_GT(attack, 3 * later) << "hit " << i;
    EXPECT_GT(attack, 0.02) << "hit " << i;
  }
}

TEST(InstrumentRenderer, SecondRenderReusesTheLoadedSoundfont) {
  auto font = Soundfont::open(kDefaultSoundfontPath);
  EXPECT_EQ(font->load_count(), 1U);
  InstrumentRenderer renderer(font);
  const AudioBuffer a = renderer.render(small_song(2));
  const AudioBuffer b = renderer.render(small_song(2));
  EXPECT_EQ(font->load_count(), 1U);
  EXPECT_EQ(font->synth_count(), 1U);
  expect_same_render(a, b);
}

TEST(InstrumentRenderer, ARenderDoesNotDependOnThePreviousOne) {
  // A reused FluidSynth synth kept per-voice state across a system reset: the
  // same score came out different after another song had been played.
  auto font = Soundfont::open(kDefaultSoundfontPath);
  InstrumentRenderer renderer(font);
  const AudioBuffer first = renderer.render(small_song(3));
  Score other = small_song(5);
  for (Track& t : other.tracks) {
    t.program = (t.program + 40) % 128;
    t.pan = -t.pan;
    for (Note& n : t.notes)
      n.pitch += 3;
  }
  renderer.render(other);
  const AudioBuffer again = renderer.render(small_song(3));
  EXPECT_EQ(font->synth_count(), 1U);
  expect_same_render(first, again);
}

TEST(InstrumentRenderer, MissingSoundfontNamesThePath) {
  try {
    Soundfont::open("/nonexistent/dir/Missing.sf2");
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/Missing.sf2"), std::string::npos);
  }
}

TEST(InstrumentRenderer, ConcurrentRendersGetTheirOwnSynth) {
  auto font = Soundfont::open(kDefaultSoundfontPath);
  InstrumentRenderer renderer(font);
  const AudioBuffer reference = renderer.render(small_song(2));
  std::vector<AudioBuffer> outs(3);
  std::vector<std::thread> threads;
  for (auto& o : outs)
    threads.emplace_back([&] { o = renderer.render(small_song(2)); });
  for (auto& t : threads)
    t.join();
  for (const auto& o : outs)
    expect_same_render(o, reference);
  EXPECT_LE(font->synth_count(), 3U);
  // Later renders borrow pooled synths again.
  const std::size_t loads = font->load_count();
  renderer.render(small_song(1));
  EXPECT_EQ(font->load_count(), loads);
}

TEST(InstrumentRenderer, SixtySecondsOfFiveTracksIsFast) {
  auto font = Soundfont::open(kDefaultSoundfontPath);
  InstrumentRenderer renderer(font);
  Score s = small_song(30);  // 60 s at 120 bpm
  Track pad{"pad", 4, 48, 0.5F, 0.0F, {}};
  for (int bar = 0; bar < 30; ++bar)
    pad.notes.push_back({bar * 4.0, 4, 55 + bar % 4, 70});
  s.tracks.push_back(pad);
  renderer.render(small_song(1));  // presets' samples paged in, as in a warm server
  // The renderer runs on the calling thread: its CPU time is the figure.
  const double t = l402d::testing::thread_cpu_seconds();
  const AudioBuffer out = renderer.render(s);
  const double seconds = l402d::testing::thread_cpu_seconds() - t;
  RecordProperty("render_60s_seconds", std::to_string(seconds));
  RecordProperty("soundfont_load_seconds", std::to_string(font->load_seconds()));
  std::printf("soundfont load %.3f s, render 60 s of 5 tracks %.3f s\n", font->load_seconds(),
              seconds);
  EXPECT_NEAR(out.seconds(), 62.0, 0.01);
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)  // timings mean nothing under ASan
  EXPECT_LT(seconds, 1.2);  // target 0.6 s; CPU time, so load does not matter
#endif
}

}  // namespace
}  // namespace l402d::engines::music
