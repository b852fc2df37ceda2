#pragma once

// The builtin music engine: an original song from a style prompt and lyrics,
// offline, on one core. compose (score) -> instruments (FluidSynth) and vocals
// (espeak-ng + PSOLA) -> vocal chain and mix -> master (-14 LUFS, < -1 dBTP)
// -> encode (mp3 / wav / pcm at the requested rate and bitrate).

#include <memory>
#include <string>
#include <vector>

#include "engines/music/audio/balance.hpp"
#include "engines/music/audio/master.hpp"
#include "engines/music/audio/section_levels.hpp"
#include "engines/music/audio_buffer.hpp"
#include "engines/music/compose/composer.hpp"
#include "engines/music/score.hpp"
#include "engines/music/synth/singer.hpp"
#include "engines/music_engine.hpp"

namespace l402d::engines::music {

class Soundfont;

struct BuiltinMusicOptions {
  std::string soundfont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
  int mp3_quality = 7;  // LAME 0 (best, slowest) .. 9; 7 keeps a 60 s song well under 2 s
};

// How long each stage took (wall seconds), for the benchmark and the logs.
struct StageTimings {
  double compose = 0;      // prompt and lyrics to a Score (includes espeak syllable counts)
  double instruments = 0;  // FluidSynth
  double vocals = 0;       // espeak + PSOLA, and the vocal chain (EQ, compressor, reverb)
  double mix = 0;          // ducking the band under the voice, summing the stems
  double master = 0;
  double encode = 0;
  double total() const { return compose + instruments + vocals + mix + master + encode; }
};

// What a render decided and made on the way: for logs, the benchmark and the
// engine tests, which check the audio against the score it was made from.
struct RenderDetails {
  StageTimings timings;
  Score score;
  CompositionReport composition;              // the style as read from the prompt, the chords
  audio::BalanceReport mix;                   // the voice set against the band by measurement
  std::vector<audio::SectionLevel> sections;  // each section levelled against the verses
  audio::MasterReport master;
  // Only with keep_stems (they cost a song's worth of memory each):
  AudioBuffer band;                      // the instruments as rendered, before ducking
  AudioBuffer vocals;                    // the sung stem, dry, mono
  std::vector<SungTiming> vocal_timing;  // where each note of score.vocals was sung
  AudioBuffer mastered;                  // the mix after mastering, as handed to the encoder
};

class BuiltinMusicEngine final : public MusicEngine {
 public:
  explicit BuiltinMusicEngine(BuiltinMusicOptions options = {});
  ~BuiltinMusicEngine() override;

  std::string name() const override { return "builtin"; }
  MusicResult compose(const MusicJob& job) override;
  // Reports each stage as it starts, with the share of a render's time the
  // stages before it take (measured by bench/music/music_bench).
  MusicResult compose(const MusicJob& job, const ProgressSink& progress) override;

  // The same, reporting what was made on the way; with keep_stems also the
  // stems and the mastered mix.
  MusicResult compose(const MusicJob& job, RenderDetails& details, bool keep_stems = false,
                      const ProgressSink& progress = {});

 private:
  BuiltinMusicOptions options_;
  std::shared_ptr<Soundfont> soundfont_;
};

}  // namespace l402d::engines::music
