// Wall-clock figures for 60 s of 44.1 kHz stereo through each stage, printed
// for the record (docs/music-audio.md). Nothing here fails on time: the
// budget is enforced by the benchmarks, not by unit tests on shared machines.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "engines/music/audio/compressor.hpp"
#include "engines/music/audio/encode.hpp"
#include "engines/music/audio/limiter.hpp"
#include "engines/music/audio/loudness.hpp"
#include "engines/music/audio/master.hpp"
#include "engines/music/audio/mp3_encoder.hpp"
#include "engines/music/audio/resample.hpp"
#include "engines/music/audio/reverb.hpp"
#include "engines/music/audio/test_signals.hpp"
#include "engines/music/audio/true_peak.hpp"

namespace l402d::engines::music::audio {
namespace {

template <class F>
double best_of(int runs, F&& f) {
  double best = 1e9;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
    best = std::min(best, dt.count());
  }
  return best;
}

class Timing : public ::testing::Test {
 protected:
  void SetUp() override {
#if defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "timings are meaningless under sanitizers";
#endif
    if (song_ == nullptr) song_ = new AudioBuffer(testing::song(60, 44100, 0.6));
  }
  static void TearDownTestSuite() {
    delete song_;
    song_ = nullptr;
  }
  static void report(const char* what, double seconds) {
    std::printf("[ timing   ] %-40s %7.1f ms\n", what, seconds * 1e3);
    ::testing::Test::RecordProperty(what, std::to_string(seconds));
  }
  static inline AudioBuffer* song_ = nullptr;
};

TEST_F(Timing, Meters60s) {
  report("loudness 60s stereo 44.1k", best_of(3, [] { (void)integrated_loudness(*song_); }));
  report("true peak 60s stereo 44.1k", best_of(3, [] { (void)true_peak(*song_); }));
  const auto envelope = true_peak_envelope(song_->samples, 2);
  report("limiter gain 60s (8 dB over)",
         best_of(3, [&] { (void)limiter_gain(envelope, 4.0, 44100, LimiterOptions{}); }));
}

TEST_F(Timing, Master60sLimited) {
  MasterReport r;
  report("master 60s, limiting to -9 LUFS", best_of(3, [&] {
           AudioBuffer copy = *song_;
           r = master(copy, MasterOptions{.target_lufs = -9.0});
         }));
  std::printf(
      "[ timing   ] master: in %.2f LUFS, gain %.2f dB, limiter %.2f dB, passes %d, out %.2f LUFS "
      "%.2f dBTP\n",
      r.input_lufs, r.gain_db, r.limiter_max_reduction_db, r.passes, r.output_lufs,
      r.output_true_peak_dbtp);
}

TEST_F(Timing, Master60s) {
  MasterReport r;
  report("master 60s stereo 44.1k", best_of(3, [&] {
           AudioBuffer copy = *song_;
           r = master(copy);
         }));
  std::printf(
      "[ timing   ] master: in %.2f LUFS, gain %.2f dB, limiter %.2f dB, passes %d, out %.2f LUFS "
      "%.2f dBTP\n",
      r.input_lufs, r.gain_db, r.limiter_max_reduction_db, r.passes, r.output_lufs,
      r.output_true_peak_dbtp);
  EXPECT_TRUE(r.target_reached);
}

TEST_F(Timing, Mp3Quality60s) {
  for (int q : {2, 5, 7}) {
    std::size_t size = 0;
    const double t = best_of(2, [&] { size = encode_mp3(*song_, Mp3Options{256000, q}).size(); });
    report(("mp3 60s 256k q=" + std::to_string(q)).c_str(), t);
    EXPECT_GT(size, 60U * 256000U / 8U - 10000U);
  }
}

TEST_F(Timing, OtherStages60s) {
  report("wav 60s", best_of(3, [] {
           (void)encode(*song_, OutputFormat{AudioFormat::wav, 44100, 0});
         }));
  report("resample 60s 44.1k->48k", best_of(3, [] { (void)resample(*song_, 48000); }));
  report("reverb 60s stereo", best_of(3, [] { (void)reverb(*song_); }));
  report("compressor 60s stereo", best_of(3, [] {
           AudioBuffer copy = *song_;
           (void)compress(copy);
         }));
}

}  // namespace
}  // namespace l402d::engines::music::audio
