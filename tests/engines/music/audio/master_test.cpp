#include "engines/music/audio/master.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engines/music/audio/loudness.hpp"
#include "engines/music/audio/test_signals.hpp"
#include "engines/music/audio/true_peak.hpp"

namespace l402d::engines::music::audio {
namespace {

using testing::dbfs;
using testing::sine;

void expect_mastered(const AudioBuffer& out, const MasterReport& r, double target = -14.0) {
  const double lufs = integrated_loudness(out);
  const double tp = gain_to_db(true_peak(out));
  EXPECT_NEAR(lufs, target, 1.0);
  EXPECT_LT(tp, -1.0);
  for (float s : out.samples)
    ASSERT_LE(std::fabs(s), 1.0F);
  // The report tells the truth about the result.
  EXPECT_NEAR(r.output_lufs, lufs, 0.01);
  EXPECT_NEAR(r.output_true_peak_dbtp, tp, 0.01);
  EXPECT_TRUE(r.target_reached);
}

TEST(Master, LoudSongIsTurnedDownAndLimited) {
  auto song = testing::song(20, 44100, 1.4);  // peaks above full scale
  const double before = integrated_loudness(song);
  const auto r = master(song);
  expect_mastered(song, r);
  EXPECT_NEAR(r.input_lufs, before, 1e-9);
  EXPECT_LT(r.gain_db, 0);
  EXPECT_NEAR(r.output_lufs, -14.0, 0.3);
}

TEST(Master, QuietSongIsTurnedUp) {
  auto song = testing::song(20, 44100, dbfs(-30));
  const auto r = master(song);
  expect_mastered(song, r);
  EXPECT_GT(r.gain_db, 20);
  EXPECT_NEAR(r.output_lufs, -14.0, 0.3);
}

// A quiet sine with loud short bursts: reaching -14 LUFS needs far more gain
// than the bursts allow, so the limiter must take them down, and only them.
TEST(Master, PeakyInputIsLimitedWithoutPumping) {
  auto s = sine(220, dbfs(-26), 20, 44100);
  const auto burst_len = static_cast<std::size_t>(0.005 * 44100);
  for (std::size_t start = 22050; start + burst_len < s.frames(); start += 44100) {
    for (std::size_t i = 0; i < burst_len; ++i) {
      const auto v = static_cast<float>(0.95 * std::sin(2 * std::numbers::pi * 3000 * i / 44100.0));
      s.samples[2 * (start + i)] += v;
      s.samples[2 * (start + i) + 1] += v;
    }
  }
  const auto r = master(s);
  expect_mastered(s, r);
  EXPECT_GT(r.limiter_max_reduction_db, 6.0);
  // Reduced by more than 0.5 dB only around the bursts and in the release.
  EXPECT_LT(r.limited_fraction, 0.35);
  // No pumping: from 400 ms after each burst up to the next, the sine is back
  // at exactly the level the static gain gives it, the same every second.
  const double expected = -26 + r.gain_db - 3.0103;
  for (std::size_t second = 1; second < 19; ++second) {
    for (std::size_t after : {17640U, 30000U, 39000U}) {  // 400, 680, 885 ms after a burst
      const std::size_t start = second * 44100 - 22050 + after;
      double sum = 0;
      for (std::size_t i = 0; i < 2205; ++i)
        sum += s.samples[2 * (start + i)] * s.samples[2 * (start + i)];
      ASSERT_NEAR(10 * std::log10(sum / 2205), expected, 0.3) << second << " " << after;
    }
  }
}

// Test signal whose samples never exceed -3 dBFS but whose true peak is 0 dBTP:
// a sample-peak limiter would miss it.
TEST(Master, InterSamplePeaksAreCaught) {
  auto s = sine(11025, 1.0, 10, 44100, 2, std::numbers::pi / 4);
  const auto r = master(s, MasterOptions{.target_lufs = -6.0});
  EXPECT_LT(gain_to_db(true_peak(s)), -1.0);
  EXPECT_LT(r.output_true_peak_dbtp, -1.0);
}

TEST(Master, SteadySineNeedsNoLimiting) {
  auto s = sine(1000, dbfs(-20), 10, 48000);
  const auto r = master(s);
  expect_mastered(s, r);
  EXPECT_NEAR(r.gain_db, 6.0, 0.1);
  EXPECT_LT(r.limiter_max_reduction_db, 0.01);
  EXPECT_EQ(r.passes, 1);
}

TEST(Master, MonoAndOtherRates) {
  auto s = testing::song(10, 22050, 0.3);
  const auto r = master(s);
  expect_mastered(s, r);
  auto m = sine(440, 0.9, 10, 16000, 1);
  const auto rm = master(m);
  expect_mastered(m, rm);
}

TEST(Master, SilenceIsLeftAlone) {
  auto s = sine(1000, 0, 5);
  const auto r = master(s);
  EXPECT_TRUE(std::isinf(r.input_lufs));
  EXPECT_FALSE(r.target_reached);
  for (float v : s.samples)
    ASSERT_EQ(v, 0.0F);
}

// Too short to measure loudness: only the peaks are protected.
TEST(Master, ShortClipIsOnlyPeakLimited) {
  auto s = sine(1000, 1.0, 0.2);
  const auto r = master(s);
  EXPECT_DOUBLE_EQ(r.gain_db, 0.0);
  EXPECT_LT(gain_to_db(true_peak(s)), -1.0);
  EXPECT_FALSE(r.target_reached);
}

}  // namespace
}  // namespace l402d::engines::music::audio
