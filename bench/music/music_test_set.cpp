// Issue 17's benchmark over the whole test set (tests/engines/music/
// intelligibility/test_songs.hpp): for each song, the render's CPU time per
// 60 s of audio and peak RSS, the loudness range of the mastered mix, the
// voice against the band, and pocketsphinx word recall (language model
// limited to the lyrics) of the sung mix, the dry vocal, the same lines
// spoken plainly by Flite (baseline) and the band alone (floor).

#include <benchmark/benchmark.h>

#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "engines/music/audio/loudness_range.hpp"
#include "engines/music/builtin_engine.hpp"
#include "engines/music/synth/flite_voice.hpp"
#include "intelligibility/section_loudness.hpp"
#include "intelligibility/test_songs.hpp"
#include "intelligibility/word_recall.hpp"
#include "support/peak_rss.hpp"

namespace {

using namespace l402d::engines;
using namespace l402d::engines::music::intelligibility;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Resets the kernel's peak-RSS mark (VmHWM), so each song's render is
// measured on its own and not after the recogniser's model was loaded.
Recall spoken_baseline(Recogniser& recogniser, const music::Score& score) {
  Recall total;
  for (const music::LyricLine& line : score.vocals.lines) {
    music::FliteSettings settings;
    settings.voice = score.vocals.voice;
    settings.monotone = false;
    const music::Utterance u = music::flite_synthesize(line.text, settings);
    const music::AudioBuffer audio{u.sample_rate, 1, u.samples};
    total += recogniser.measure(audio, {{line.text, 0, audio.frames()}});
  }
  return total;
}

void BM_TestSong(benchmark::State& state, const TestSong& song) {
  music::BuiltinMusicEngine engine;
  MusicJob job;
  job.prompt = std::string(song.prompt);
  job.lyrics = std::string(song.lyrics);
  for (auto _ : state) {
    music::RenderDetails plain;
    l402d::bench::reset_peak_rss();
    const double cpu0 = cpu_seconds();
    const MusicResult result = engine.compose(job, plain);
    const double cpu = cpu_seconds() - cpu0;
    state.counters["rss_mb"] = l402d::bench::peak_rss_mb();
    state.counters["seconds"] = result.duration_seconds;
    state.counters["cpu_per60s"] = cpu * 60.0 / result.duration_seconds;
    // Wall seconds per stage, to see where the time goes.
    state.counters["t_instruments"] = plain.timings.instruments;
    state.counters["t_vocals"] = plain.timings.vocals;
    state.counters["t_mix"] = plain.timings.mix;
    state.counters["t_master"] = plain.timings.master;
    state.counters["t_encode"] = plain.timings.encode;

    music::RenderDetails d;
    engine.compose(job, d, true);
    state.counters["lra_lu"] = music::audio::loudness_range(d.mastered);
    state.counters["voice_over_band_lu"] = d.mix.voice_over_band_lu;
    const SongBalance balance = song_balance(d.mastered, d.score);
    state.counters["chorus_lift_lu"] = balance.chorus_lift_lu;
    state.counters["instrumental_gap_lu"] = balance.worst_instrumental_gap;
    if (d.score.genre == "electronic") state.counters["drop_lead_lu"] = balance.drop_lead_lu;
    std::vector<std::string> lines;
    for (const music::LyricLine& l : d.score.vocals.lines)
      lines.push_back(l.text);
    Recogniser recogniser(lines);
    const auto spans = sung_lines(d.score, d.vocal_timing, d.mastered.sample_rate);
    state.counters["recall_sung"] = recogniser.measure(d.mastered, spans).value();
    state.counters["recall_dry"] = recogniser.measure(d.vocals, spans).value();
    state.counters["recall_band"] = recogniser.measure(d.band, spans).value();
    state.counters["recall_spoken"] = spoken_baseline(recogniser, d.score).value();
  }
}

const bool kRegistered = [] {
  for (const TestSong& song : kTestSongs) {
    benchmark::RegisterBenchmark(("TestSong/" + std::string(song.name)).c_str(), BM_TestSong, song)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
