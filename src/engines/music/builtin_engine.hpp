#pragma once

// The builtin music engine: an original song from a style prompt and lyrics,
// offline, on one core. compose (score) -> instruments (FluidSynth) and vocals
// (espeak-ng + PSOLA) -> vocal chain and mix -> master (-14 LUFS, < -1 dBTP)
// -> encode (mp3 / wav / pcm at the requested rate and bitrate).

#include <filesystem>
#include <memory>
#include <string>

#include "engines/music/score.hpp"
#include "engines/music_engine.hpp"

namespace l402d::engines::music {

class Soundfont;

struct BuiltinMusicOptions {
  std::string soundfont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
  int mp3_quality = 7;  // LAME 0 (best, slowest) .. 9; 7 keeps a 60 s song well under 2 s
};

// How long each stage took, for the benchmark and the logs.
struct StageTimings {
  double compose = 0;
  double instruments = 0;
  double vocals = 0;
  double mix = 0;
  double master = 0;
  double encode = 0;
  double total() const { return compose + instruments + vocals + mix + master + encode; }
};

class BuiltinMusicEngine final : public MusicEngine {
 public:
  explicit BuiltinMusicEngine(BuiltinMusicOptions options = {});
  ~BuiltinMusicEngine() override;

  std::string name() const override { return "builtin"; }
  MusicResult compose(const MusicJob& job) override;

  // The same, reporting stage timings and the score it wrote.
  MusicResult compose(const MusicJob& job, StageTimings& timings, Score* score_out = nullptr);

 private:
  BuiltinMusicOptions options_;
  std::shared_ptr<Soundfont> soundfont_;
};

}  // namespace l402d::engines::music
