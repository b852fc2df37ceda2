#include "engines/music/audio/mix.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "engines/music/audio/compressor.hpp"
#include "engines/music/audio/duck.hpp"
#include "engines/music/audio/test_signals.hpp"
#include "engines/music/audio/true_peak.hpp"

namespace l402d::engines::music::audio {
namespace {

using testing::dbfs;
using testing::sine;

double rms_db(const AudioBuffer& b, int channel, std::size_t from = 0, std::size_t to = 0) {
  if (to == 0) to = b.frames();
  double sum = 0;
  for (std::size_t n = from; n < to; ++n) {
    const double v =
        b.samples[n * static_cast<std::size_t>(b.channels) + static_cast<std::size_t>(channel)];
    sum += v * v;
  }
  return 10 * std::log10(sum / static_cast<double>(to - from));
}

TEST(Mix, ConstantPowerPan) {
  for (double pan : {-1.0, -0.5, 0.0, 0.3, 1.0}) {
    const auto g = constant_power_pan(pan);
    EXPECT_NEAR(g.left * g.left + g.right * g.right, 1.0, 1e-6) << pan;
  }
  EXPECT_NEAR(constant_power_pan(0).left, std::numbers::sqrt2 / 2, 1e-6);
  EXPECT_NEAR(constant_power_pan(-1).right, 0.0, 1e-6);
  EXPECT_NEAR(constant_power_pan(1).left, 0.0, 1e-6);
}

TEST(Mix, SumsStemsWithGainPanAndOffset) {
  const auto vocal = sine(440, 0.5, 1, 44100, 1);
  const auto band = sine(110, 0.25, 2, 44100, 2);
  const Stem stems[] = {{&vocal, -6.0, 0.0, 44100}, {&band, 0.0, 1.0, 0}};
  const auto mix = mix_stems(stems, 44100);
  EXPECT_EQ(mix.channels, 2);
  ASSERT_EQ(mix.frames(), 88200U);
  // Band panned hard right: its left side is gone, right at unity.
  EXPECT_LT(rms_db(mix, 0, 0, 44100), -100);
  EXPECT_NEAR(rms_db(mix, 1, 0, 44100), 20 * std::log10(0.25) - 3.01, 0.05);
  // Vocal centred at -6 dB: each side -3 dB more.
  const double vocal_left = 20 * std::log10(0.5) - 3.01 - 6.0 - 3.01;
  EXPECT_NEAR(rms_db(mix, 0, 44100, 88200), vocal_left, 0.05);
}

TEST(Mix, RejectsMismatchedRates) {
  const auto a = sine(440, 0.5, 0.1, 44100, 1);
  const Stem stems[] = {{&a, 0, 0, 0}};
  EXPECT_THROW((void)mix_stems(stems, 48000), std::invalid_argument);
}

TEST(Mix, GainAndStereo) {
  auto a = sine(440, 0.5, 0.5, 44100, 1);
  apply_gain_db(a, -6.0206);
  EXPECT_NEAR(sample_peak(a.samples), 0.25, 1e-3);
  const auto s = to_stereo(a);
  ASSERT_EQ(s.channels, 2);
  EXPECT_EQ(s.samples[20], a.samples[10]);
  EXPECT_EQ(s.samples[21], a.samples[10]);
}

TEST(Mix, HighPassRemovesRumbleKeepsVoice) {
  auto rumble = sine(40, 0.5, 2, 44100, 1);
  auto voice = sine(1000, 0.5, 2, 44100, 1);
  high_pass(rumble, 120, 4);
  high_pass(voice, 120, 4);
  const std::size_t from = 22050;  // after the filter settles
  EXPECT_LT(rms_db(rumble, 0, from) - (20 * std::log10(0.5) - 3.01), -35);
  EXPECT_NEAR(rms_db(voice, 0, from), 20 * std::log10(0.5) - 3.01, 0.1);
}

TEST(Mix, PeakingEqBoostsItsBand) {
  auto s = sine(3000, 0.1, 1, 44100, 1);
  peaking_eq(s, 3000, 1.0, 3.0);
  EXPECT_NEAR(rms_db(s, 0, 4410), 20 * std::log10(0.1) - 3.01 + 3.0, 0.1);
}

TEST(Compressor, ReducesLoudPartsMoreThanQuietOnes) {
  auto s = testing::concat({sine(440, dbfs(-30), 1, 44100, 1), sine(440, dbfs(-6), 1, 44100, 1)});
  const auto r = compress(s, CompressorOptions{.threshold_db = -18, .ratio = 3, .knee_db = 0});
  // -6 dBFS peaks are 12 dB over: reduced by 12 * (1 - 1/3) = 8 dB.
  EXPECT_NEAR(r.max_reduction_db, 8.0, 0.3);
  EXPECT_NEAR(rms_db(s, 0, 22050, 44100), -33.01, 0.05);  // below threshold: untouched
  EXPECT_NEAR(rms_db(s, 0, 66150, 88200), -6 - 3.01 - 8, 0.5);
}

TEST(Duck, LowersBandWhileKeyIsActive) {
  auto band = sine(220, 0.5, 4, 44100, 2);
  auto key = testing::concat(
      {sine(1000, 0, 1, 44100, 1), sine(1000, 0.3, 1, 44100, 1), sine(1000, 0, 2, 44100, 1)});
  duck(band, key, DuckOptions{.depth_db = 4});
  const double ref = 20 * std::log10(0.5) - 3.01;
  EXPECT_NEAR(rms_db(band, 0, 0, 40000), ref, 0.05);
  EXPECT_NEAR(rms_db(band, 0, 66150, 88200), ref - 4, 0.2);
  EXPECT_NEAR(rms_db(band, 0, 150000, 170000), ref, 0.05);  // released
}

}  // namespace
}  // namespace l402d::engines::music::audio
