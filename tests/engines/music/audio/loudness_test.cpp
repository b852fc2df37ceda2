#include "engines/music/audio/loudness.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engines/music/audio/test_signals.hpp"

namespace l402d::engines::music::audio {
namespace {

using testing::concat;
using testing::dbfs;
using testing::sine;

// EBU Tech 3341 test 1: 1 kHz, -23 dBFS in both channels reads -23.0 +-0.1.
TEST(Loudness, Tech3341Sine) {
  EXPECT_NEAR(integrated_loudness(sine(1000, dbfs(-23), 20, 48000)), -23.0, 0.1);
}

// Test 2: the same at -33 dBFS reads -33.0.
TEST(Loudness, Tech3341QuieterSine) {
  EXPECT_NEAR(integrated_loudness(sine(1000, dbfs(-33), 20, 48000)), -33.0, 0.1);
}

TEST(Loudness, Sine997At20dBFS) {
  EXPECT_NEAR(integrated_loudness(sine(997, dbfs(-20), 10, 44100)), -20.0, 0.1);
}

// K-weighting is designed for the buffer's rate, so every accepted rate agrees.
TEST(Loudness, SameReadingAtEveryRate) {
  for (int rate : {8000, 11025, 16000, 22050, 32000, 44100, 48000}) {
    EXPECT_NEAR(integrated_loudness(sine(1000, dbfs(-23), 10, rate)), -23.0, 0.1) << rate;
  }
}

// Test 3: -36 / -23 / -36 dBFS for 10 / 60 / 10 s: the relative gate drops the
// quiet parts, the result is -23.0.
TEST(Loudness, Tech3341RelativeGate) {
  const auto quiet = sine(1000, dbfs(-36), 10);
  const auto loud = sine(1000, dbfs(-23), 60);
  EXPECT_NEAR(integrated_loudness(concat({quiet, loud, quiet})), -23.0, 0.1);
}

// Test 4: -72 / -36 / -23 / -36 / -72 dBFS, 10/10/60/10/10 s: the absolute
// gate drops the -72 parts, the relative gate the -36 ones.
TEST(Loudness, Tech3341AbsoluteAndRelativeGate) {
  const auto very_quiet = sine(1000, dbfs(-72), 10);
  const auto quiet = sine(1000, dbfs(-36), 10);
  const auto loud = sine(1000, dbfs(-23), 60);
  EXPECT_NEAR(integrated_loudness(concat({very_quiet, quiet, loud, quiet, very_quiet})), -23.0,
              0.1);
}

// Test 5: -26 / -20 / -26 dBFS for 20 / 20.1 / 20 s reads -23.0.
TEST(Loudness, Tech3341ThreeLevels) {
  const auto a = sine(1000, dbfs(-26), 20);
  const auto b = sine(1000, dbfs(-20), 20.1);
  EXPECT_NEAR(integrated_loudness(concat({a, b, a})), -23.0, 0.1);
}

TEST(Loudness, SilenceIsGatedOut) {
  auto signal = sine(1000, dbfs(-23), 10);
  auto silence = sine(1000, 0, 20);
  EXPECT_NEAR(integrated_loudness(concat({signal, silence})), -23.0, 0.1);
  EXPECT_EQ(integrated_loudness(silence), kSilenceLufs);
  // Everything below the absolute gate is silence too.
  EXPECT_EQ(integrated_loudness(sine(1000, dbfs(-75), 5)), kSilenceLufs);
}

TEST(Loudness, ShorterThanOneBlockHasNoLoudness) {
  EXPECT_EQ(integrated_loudness(sine(1000, 0.5, 0.39)), kSilenceLufs);
  EXPECT_TRUE(std::isfinite(integrated_loudness(sine(1000, 0.5, 0.41))));
}

// BS.1770 sums channels: mono is one channel, 3 LU below dual-channel stereo.
TEST(Loudness, MonoIsOneChannel) {
  EXPECT_NEAR(integrated_loudness(sine(1000, dbfs(-23), 10, 48000, 1)), -26.01, 0.1);
}

// The published 48 kHz coefficients of BS.1770-4 Table 1 and 2.
TEST(Loudness, KWeightingMatchesPublished48kCoefficients) {
  const auto s = k_weighting_shelf(48000);
  EXPECT_NEAR(s.b0, 1.53512485958697, 1e-9);
  EXPECT_NEAR(s.b1, -2.69169618940638, 1e-9);
  EXPECT_NEAR(s.b2, 1.19839281085285, 1e-9);
  EXPECT_NEAR(s.a1, -1.69065929318241, 1e-9);
  EXPECT_NEAR(s.a2, 0.73248077421585, 1e-9);
  const auto h = k_weighting_high_pass(48000);
  EXPECT_NEAR(h.a1, -1.99004745483398, 1e-9);
  EXPECT_NEAR(h.a2, 0.99007225036621, 1e-9);
}

// Low frequencies are discounted by the RLB high-pass: 30 Hz reads well below
// 1 kHz at the same level.
TEST(Loudness, KWeightingDiscountsBass) {
  EXPECT_LT(integrated_loudness(sine(30, dbfs(-23), 10)), -24.0);
}

}  // namespace
}  // namespace l402d::engines::music::audio
