#include "engines/music/audio/true_peak.hpp"

#include <gtest/gtest.h>

#include <numbers>

#include "engines/music/audio/test_signals.hpp"

namespace l402d::engines::music::audio {
namespace {

using testing::dbfs;
using testing::sine;

TEST(TruePeak, DbConversions) {
  EXPECT_NEAR(gain_to_db(0.5), -6.0206, 1e-4);
  EXPECT_NEAR(db_to_gain(-6.0206), 0.5, 1e-5);
  EXPECT_TRUE(std::isinf(gain_to_db(0)));
}

// A low-frequency sine: samples already sit on the peak, so true peak equals
// sample peak.
TEST(TruePeak, LowFrequencySineMatchesSamplePeak) {
  const auto s = sine(1000, 0.5, 1);
  EXPECT_NEAR(gain_to_db(sample_peak(s.samples)), -6.02, 0.01);
  EXPECT_NEAR(gain_to_db(true_peak(s)), -6.02, 0.05);
}

// EBU Tech 3341 test 15-style: a sine at fs/4 with 45 degree phase has every
// sample at 0.707 of its peak; the inter-sample peak is 3 dB higher.
TEST(TruePeak, InterSamplePeakExceedsSamplePeak) {
  const auto s = sine(12000, dbfs(-6), 1, 48000, 2, std::numbers::pi / 4);
  const double sp = gain_to_db(sample_peak(s.samples));
  const double tp = gain_to_db(true_peak(s));
  EXPECT_NEAR(sp, -9.01, 0.02);
  EXPECT_NEAR(tp, -6.0, 0.3);  // Tech 3341 allows +0.2 / -0.4
  EXPECT_GT(tp, sp + 2.5);
}

// The same 0 dBFS-sample signal overshoots full scale: what the limiter must catch.
TEST(TruePeak, FullScaleSamplesCanExceedZeroDbtp) {
  const auto s = sine(11025, std::numbers::sqrt2, 1, 44100, 2, std::numbers::pi / 4);
  ASSERT_LE(sample_peak(s.samples), 1.0);
  EXPECT_GT(gain_to_db(true_peak(s)), 2.5);
}

TEST(TruePeak, EnvelopeHasOneValuePerFrameAndCoversPeaks) {
  auto s = sine(1000, 0, 1, 48000, 2);
  s.samples[2 * 1000 + 1] = 0.8F;  // an isolated spike in the right channel
  const auto env = true_peak_envelope(s.samples, 2);
  ASSERT_EQ(env.size(), s.frames());
  EXPECT_GE(env[1000], 0.8F);
  EXPECT_EQ(env[5000], 0.0F);
  EXPECT_NEAR(*std::max_element(env.begin(), env.end()), true_peak(s), 1e-7);
}

TEST(TruePeak, EmptyAndSilent) {
  EXPECT_EQ(true_peak(std::span<const float>(), 2), 0.0);
  EXPECT_EQ(true_peak(sine(1000, 0, 1)), 0.0);
}

}  // namespace
}  // namespace l402d::engines::music::audio
