#include "engines/music/audio/resample.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "engines/music/audio/test_signals.hpp"

namespace l402d::engines::music::audio {
namespace {

// Frequency from the spacing of rising zero crossings (interpolated), over
// the middle of the buffer, away from the filter's edges.
double frequency(const AudioBuffer& b) {
  const std::size_t from = b.frames() / 10, to = b.frames() - b.frames() / 10;
  double first = -1, last = -1;
  int count = 0;
  for (std::size_t n = from + 1; n < to; ++n) {
    const float a = b.samples[(n - 1) * static_cast<std::size_t>(b.channels)];
    const float c = b.samples[n * static_cast<std::size_t>(b.channels)];
    if (a < 0 && c >= 0) {
      const double t = static_cast<double>(n - 1) + a / (a - c);
      if (first < 0)
        first = t;
      else
        ++count;
      last = t;
    }
  }
  return count * b.sample_rate / (last - first);
}

double rms_db(const AudioBuffer& b) {
  const std::size_t from = b.frames() / 10, to = b.frames() - b.frames() / 10;
  double sum = 0;
  for (std::size_t n = from; n < to; ++n) {
    const double v = b.samples[n * static_cast<std::size_t>(b.channels)];
    sum += v * v;
  }
  return 10 * std::log10(sum / static_cast<double>(to - from));
}

struct Case {
  int from, to, channels;
};

TEST(Resample, PreservesFrequencyLevelAndLength) {
  for (const Case c : {Case{44100, 48000, 2}, Case{48000, 44100, 2}, Case{44100, 22050, 2},
                       Case{22050, 44100, 1}, Case{44100, 8000, 2}, Case{44100, 11025, 1}}) {
    const auto in = testing::sine(1000, 0.5, 2, c.from, c.channels);
    const auto out = resample(in, c.to);
    SCOPED_TRACE(std::to_string(c.from) + " -> " + std::to_string(c.to));
    EXPECT_EQ(out.sample_rate, c.to);
    EXPECT_EQ(out.channels, c.channels);
    EXPECT_NEAR(static_cast<double>(out.frames()), 2.0 * c.to, 2.0);
    EXPECT_NEAR(frequency(out), 1000.0, 0.05);
    EXPECT_NEAR(rms_db(out), rms_db(in), 0.02);
  }
}

// Content above the new Nyquist is filtered out, not folded back as aliases.
TEST(Resample, RemovesContentAboveNewNyquist) {
  const auto in = testing::sine(6000, 0.5, 1, 44100, 1);
  const auto out = resample(in, 8000);
  EXPECT_LT(rms_db(out), rms_db(in) - 90);
}

TEST(Resample, SameRateIsACopy) {
  const auto in = testing::sine(1000, 0.5, 0.1, 44100, 2);
  EXPECT_EQ(resample(in, 44100).samples, in.samples);
  EXPECT_THROW((void)resample(in, 0), std::invalid_argument);
}

}  // namespace
}  // namespace l402d::engines::music::audio
