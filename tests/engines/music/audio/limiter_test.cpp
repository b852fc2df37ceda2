#include "engines/music/audio/limiter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "engines/music/audio/test_signals.hpp"
#include "engines/music/audio/true_peak.hpp"

namespace l402d::engines::music::audio {
namespace {

// The construction guarantees gain * peak <= ceiling on every frame, whatever
// the envelope: check it on a hostile random one.
TEST(Limiter, NeverExceedsCeiling) {
  testing::Lcg rng(7);
  std::vector<float> env(200000);
  for (auto& e : env)
    e = std::fabs(rng.next()) * (rng.next() > 0.99F ? 4.0F : 1.0F);
  const LimiterOptions options{.ceiling_db = -1.0, .attack_ms = 4, .release_ms = 100};
  const auto gain = limiter_gain(env, 2.0, 44100, options);
  const double ceiling = db_to_gain(-1.0);
  for (std::size_t n = 0; n < env.size(); ++n) {
    ASSERT_LE(gain[n] * 2.0 * env[n], ceiling * (1 + 1e-6)) << n;
    ASSERT_GT(gain[n], 0.0F);
    ASSERT_LE(gain[n], 1.0F);
  }
}

TEST(Limiter, UnityBelowCeiling) {
  std::vector<float> env(10000, 0.5F);
  const auto gain = limiter_gain(env, 1.0, 44100);
  for (float g : gain)
    ASSERT_FLOAT_EQ(g, 1.0F);
}

// A single spike: the gain fades down ahead of it over the attack and comes
// back slowly; no step larger than the smooth fade allows.
TEST(Limiter, SmoothFadeAroundASpike) {
  std::vector<float> env(44100, 0.1F);
  env[22050] = 2.0F;
  const LimiterOptions options{.ceiling_db = 0, .attack_ms = 4, .release_ms = 100};
  const auto gain = limiter_gain(env, 1.0, 44100, options);
  EXPECT_NEAR(gain[22050], 0.5F, 1e-4);
  float max_step = 0;
  for (std::size_t n = 1; n < gain.size(); ++n) {
    max_step = std::max(max_step, std::fabs(gain[n] - gain[n - 1]));
  }
  // 176 frames of attack: an S-curve from 1 to 0.5 moves at most ~2 * 0.5/176.
  EXPECT_LT(max_step, 0.007F);
  EXPECT_FLOAT_EQ(gain[22050 - 400], 1.0F);  // untouched well before the attack
  EXPECT_LT(gain[22050 + 2000], 0.9F);       // still releasing 45 ms later
  EXPECT_GT(gain[22050 + 20000], 0.99F);     // recovered after ~450 ms
}

}  // namespace
}  // namespace l402d::engines::music::audio
