#include "engines/music/builtin_engine.hpp"

#include <chrono>
#include <sstream>

#include "engines/music/audio/compressor.hpp"
#include "engines/music/audio/duck.hpp"
#include "engines/music/audio/encode.hpp"
#include "engines/music/audio/formats.hpp"
#include "engines/music/audio/master.hpp"
#include "engines/music/audio/mix.hpp"
#include "engines/music/audio/reverb.hpp"
#include "engines/music/compose/composer.hpp"
#include "engines/music/synth/espeak_syllabifier.hpp"
#include "engines/music/synth/instrument_renderer.hpp"
#include "engines/music/synth/singer.hpp"
#include "engines/music/synth/soundfont.hpp"

namespace l402d::engines::music {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

BuiltinMusicEngine::BuiltinMusicEngine(BuiltinMusicOptions options)
    : options_(std::move(options)), soundfont_(Soundfont::shared(options_.soundfont)) {}

BuiltinMusicEngine::~BuiltinMusicEngine() = default;

MusicResult BuiltinMusicEngine::compose(const MusicJob& job) {
  RenderDetails ignored;
  return compose(job, ignored);
}

MusicResult BuiltinMusicEngine::compose(const MusicJob& job, RenderDetails& details,
                                        bool keep_stems) {
  namespace audio = music::audio;
  auto format = audio::validate_output_format(job.audio_format, job.sample_rate, job.bitrate);
  if (!format) throw EngineError("invalid_format", format.error().message, false);

  StageTimings& t = details.timings;
  t = {};
  auto t0 = Clock::now();
  // The singer must sing exactly the syllables the composer wrote notes for,
  // so both count them with espeak's own phonemes.
  static const EspeakSyllabifier syllabifier(Voice::female);
  details.score =
      music::compose(SongRequest{job.prompt, job.lyrics}, syllabifier, details.composition);
  const Score& score = details.score;
  t.compose = since(t0);

  t0 = Clock::now();
  InstrumentRenderer instruments(soundfont_);
  AudioBuffer band = instruments.render(score);
  t.instruments = since(t0);
  if (keep_stems) details.band = band;

  // Vocal chain: clear the rumble, even out the level, a little presence and
  // room.
  t0 = Clock::now();
  SingResult sung = sing_with_timing(score);
  if (keep_stems) {
    details.vocals = sung.audio;
    details.vocal_timing = std::move(sung.timing);
  }
  AudioBuffer voice = std::move(sung.audio);
  audio::high_pass(voice, 100.0, 2);
  audio::compress(voice);
  audio::peaking_eq(voice, 3000.0, 1.0, 2.0);
  audio::ReverbOptions ro;
  ro.wet = 0.2F;
  ro.room_size = 0.45F;
  AudioBuffer wet_voice = audio::reverb(voice, ro);
  t.vocals = since(t0);

  // Make space for the voice in the band.
  t0 = Clock::now();
  audio::duck(band, voice);
  audio::Stem stems[] = {{&band, 0.0, 0.0, 0}, {&wet_voice, 3.0, 0.0, 0}};
  AudioBuffer mix = audio::mix_stems(stems, band.sample_rate);
  // Stems are done with: free them before mastering and encoding so a long song
  // does not hold four full-length buffers at once.
  band = AudioBuffer();
  voice = AudioBuffer();
  wet_voice = AudioBuffer();
  t.mix = since(t0);

  t0 = Clock::now();
  details.master = audio::master(mix);
  t.master = since(t0);
  if (keep_stems) details.mastered = mix;

  t0 = Clock::now();
  MusicResult result;
  result.audio = audio::encode(mix, *format, options_.mp3_quality);
  t.encode = since(t0);

  result.extension = std::string(audio::file_extension(format->format));
  result.content_type = std::string(audio::content_type(format->format));
  result.duration_seconds = mix.seconds();
  std::ostringstream summary;
  summary << describe(score) << "; " << details.master.output_lufs << " LUFS";
  result.summary = summary.str();
  return result;
}

}  // namespace l402d::engines::music
