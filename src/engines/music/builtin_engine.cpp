#include "engines/music/builtin_engine.hpp"

#include <chrono>
#include <cmath>
#include <sstream>

#include "engines/music/audio/carve.hpp"
#include "engines/music/audio/compressor.hpp"
#include "engines/music/audio/duck.hpp"
#include "engines/music/audio/encode.hpp"
#include "engines/music/audio/formats.hpp"
#include "engines/music/audio/master.hpp"
#include "engines/music/audio/mix.hpp"
#include "engines/music/audio/reverb.hpp"
#include "engines/music/compose/composer.hpp"
#include "engines/music/compose/language.hpp"
#include "engines/music/compose/singable.hpp"
#include "engines/music/synth/espeak_syllabifier.hpp"
#include "engines/music/synth/instrument_renderer.hpp"
#include "engines/music/synth/singer.hpp"
#include "engines/music/synth/soundfont.hpp"
#include "util/allocator_policy.hpp"

namespace l402d::engines::music {

namespace {

using Clock = std::chrono::steady_clock;

// How far the voice sits over the band where it sings (K-weighted): enough to
// follow the words, not so much that the band vanishes behind it. Measured
// over the ten test songs (sung-mix word recall, with the carve below): 6 LU
// left the male songs at 0.58-0.76, 8 LU brought them to 0.72-0.83.
constexpr double kVoiceOverBandLu = 8.0;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// The score's sections in frames, each marked sung when a vocal note starts
// in it; an electronic song's instrumental section is its drop. The last one
// runs to the end of the audio (the instruments' tail).
std::vector<audio::SectionSpan> section_spans(const Score& score, int rate, std::size_t frames) {
  std::vector<audio::SectionSpan> spans;
  const double frames_per_beat = score.seconds_per_beat() * rate;
  for (const Section& s : score.sections) {
    audio::SectionSpan span;
    span.kind = s.kind;
    span.from = static_cast<std::size_t>(std::lround(s.start_beats * frames_per_beat));
    span.to =
        static_cast<std::size_t>(std::lround((s.start_beats + s.length_beats) * frames_per_beat));
    for (const SungNote& n : score.vocals.notes) {
      if (n.start_beats >= s.start_beats && n.start_beats < s.start_beats + s.length_beats) {
        span.sung = true;
        break;
      }
    }
    span.drop = score.genre == "electronic" && s.kind == "instrumental";
    spans.push_back(span);
  }
  if (!spans.empty()) spans.back().to = std::max(spans.back().to, frames);
  return spans;
}

}  // namespace

BuiltinMusicEngine::BuiltinMusicEngine(BuiltinMusicOptions options)
    : options_(std::move(options)), soundfont_(Soundfont::shared(options_.soundfont)) {
  // Song-length buffers (20-45 MB) reused within a render: pop and lo-fi test
  // songs went from 1.98 and 1.91 to 1.80 and 1.56 s of CPU per 60 s.
  util::keep_large_buffers_for_reuse();
}

BuiltinMusicEngine::~BuiltinMusicEngine() = default;

MusicResult BuiltinMusicEngine::compose(const MusicJob& job) {
  RenderDetails ignored;
  return compose(job, ignored);
}

MusicResult BuiltinMusicEngine::compose(const MusicJob& job, const ProgressSink& progress) {
  RenderDetails ignored;
  return compose(job, ignored, false, progress);
}

MusicResult BuiltinMusicEngine::compose(const MusicJob& job, RenderDetails& details,
                                        bool keep_stems, const ProgressSink& progress) {
  const auto report = [&progress](std::string_view stage, int percent) {
    if (progress) progress(stage, percent);
  };
  namespace audio = music::audio;
  // Declared first, so it runs after every buffer of the render is freed.
  const util::ReturnFreedMemory return_freed_memory;
  auto format = audio::validate_output_format(job.audio_format, job.sample_rate, job.bitrate);
  if (!format) throw EngineError("invalid_format", format.error().message, false);
  if (auto reason = unsingable_reason(job.lyrics)) {
    throw EngineError("unsingable_lyrics", *reason, false);
  }

  StageTimings& t = details.timings;
  t = {};
  report("composing", 0);
  auto t0 = Clock::now();
  // The singer must sing exactly the syllables the composer wrote notes for,
  // so both count them with espeak's own phonemes, in the lyrics' language.
  const std::string language = detect_language(job.lyrics);
  const EspeakSyllabifier syllabifier(Voice::female, language == "en" ? "en-us" : language);
  details.score =
      music::compose(SongRequest{job.prompt, job.lyrics}, syllabifier, details.composition);
  const Score& score = details.score;
  t.compose = since(t0);

  report("instruments", 1);
  t0 = Clock::now();
  InstrumentRenderer instruments(soundfont_);
  AudioBuffer band = instruments.render(score);
  t.instruments = since(t0);
  if (keep_stems) details.band = band;

  // Vocal chain: clear the rumble, even out the level, a little presence and
  // room.
  report("vocals", 55);
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
  // Little reverb: a wet voice lost a third of its recognised words
  // (pocketsphinx recall 0.68 -> 0.41 at wet 0.2 on the pop test song), and
  // 0.08 still cost a few hundredths against 0.04 on the male songs.
  ro.wet = 0.04F;
  ro.room_size = 0.45F;
  AudioBuffer wet_voice = audio::reverb(voice, ro);
  t.vocals = since(t0);

  // Make space for the voice in the band.
  report("mixing", 68);
  t0 = Clock::now();
  audio::duck(band, voice);
  audio::carve(band, voice);
  details.mix = audio::balance_voice(band, wet_voice, kVoiceOverBandLu);
  // The voice is summed into the band in place and each stem freed as soon
  // as it is done with, so a long song never holds four full-length buffers
  // (peak RSS, issue 17: 250 MB).
  voice = AudioBuffer();
  AudioBuffer mix = std::move(band);
  audio::add_into(mix, wet_voice);
  wet_voice = AudioBuffer();
  details.sections =
      audio::level_sections(mix, section_spans(score, mix.sample_rate, mix.frames()));
  t.mix = since(t0);

  report("mastering", 70);
  t0 = Clock::now();
  details.master = audio::master(mix);
  t.master = since(t0);
  if (keep_stems) details.mastered = mix;

  report("encoding", 80);
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
