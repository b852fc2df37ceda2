#include "engines/music/audio/reverb.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engines/music/audio/test_signals.hpp"

namespace l402d::engines::music::audio {
namespace {

AudioBuffer impulse(double seconds, int rate = 44100) {
  AudioBuffer b;
  b.sample_rate = rate;
  b.channels = 1;
  b.samples.assign(static_cast<std::size_t>(seconds * rate), 0.0F);
  b.samples[0] = 1.0F;
  return b;
}

double energy(const AudioBuffer& b, std::size_t from, std::size_t to, int ch) {
  double e = 0;
  for (std::size_t n = from; n < to; ++n) {
    const double v = b.samples[2 * n + static_cast<std::size_t>(ch)];
    e += v * v;
  }
  return e;
}

TEST(Reverb, ImpulseResponseHasPredelayTailAndWidth) {
  const auto out = reverb(impulse(2), ReverbOptions{.wet = 0.3F, .dry = 0.0F, .predelay_ms = 20});
  ASSERT_EQ(out.channels, 2);
  ASSERT_EQ(out.frames(), 88200U);
  // Nothing before the pre-delay plus the shortest comb.
  EXPECT_EQ(energy(out, 0, 882, 0), 0.0);
  const double early = energy(out, 0, 22050, 0);
  const double late = energy(out, 44100, 66150, 0);
  EXPECT_GT(early, 0);
  EXPECT_GT(late, 0);
  EXPECT_LT(late, early);  // it decays
  // Left and right tails differ (stereo spread).
  double diff = 0;
  for (std::size_t n = 0; n < out.frames(); ++n)
    diff += std::fabs(out.samples[2 * n] - out.samples[2 * n + 1]);
  EXPECT_GT(diff, 1.0);
}

TEST(Reverb, BiggerRoomRingsLonger) {
  const auto small = reverb(impulse(3), ReverbOptions{.room_size = 0.2F, .dry = 0});
  const auto big = reverb(impulse(3), ReverbOptions{.room_size = 0.9F, .dry = 0});
  EXPECT_GT(energy(big, 88200, 132300, 0), 10 * energy(small, 88200, 132300, 0));
}

TEST(Reverb, DeterministicAndDryPassesThrough) {
  const auto in = testing::sine(440, 0.5, 1, 44100, 2);
  const auto a = reverb(in);
  const auto b = reverb(in);
  EXPECT_EQ(a.samples, b.samples);
  const auto dry = reverb(in, ReverbOptions{.wet = 0, .dry = 1});
  EXPECT_EQ(dry.samples, in.samples);
}

TEST(Reverb, TailExtendsOutputAndWorksAtOtherRates) {
  const auto out = reverb(impulse(1, 22050), ReverbOptions{.tail_seconds = 1.5F});
  EXPECT_EQ(out.sample_rate, 22050);
  EXPECT_EQ(out.frames(), 22050U + 33075U);
  EXPECT_GT(energy(out, 22050, 33075, 0), 0);
}

}  // namespace
}  // namespace l402d::engines::music::audio
