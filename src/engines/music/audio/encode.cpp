#include "engines/music/audio/encode.hpp"

#include <stdexcept>

#include "engines/music/audio/mix.hpp"
#include "engines/music/audio/pcm_encoder.hpp"
#include "engines/music/audio/resample.hpp"
#include "engines/music/audio/wav_encoder.hpp"

namespace l402d::engines::music::audio {
namespace {

// A reference when nothing changes, a converted copy otherwise.
struct Prepared {
  AudioBuffer converted;
  const AudioBuffer* audio;
};

void prepare(const AudioBuffer& audio, const OutputFormat& format, Prepared& p) {
  if (!is_accepted_sample_rate(format.sample_rate)) {
    throw std::invalid_argument("encode: sample rate " + std::to_string(format.sample_rate) +
                                " is not accepted");
  }
  p.audio = &audio;
  if (audio.sample_rate != format.sample_rate) {
    p.converted = resample(audio, format.sample_rate);
    p.audio = &p.converted;
  }
  // Mono is encoded as stereo too (the pcm and wav encoders do it on the fly);
  // LAME is given stereo so every format has the same channel layout.
  if (format.format == AudioFormat::mp3 && p.audio->channels == 1) {
    p.converted = to_stereo(*p.audio);
    p.audio = &p.converted;
  }
}

}  // namespace

void encode(const AudioBuffer& audio, const OutputFormat& format, const ByteSink& sink,
            int mp3_quality) {
  Prepared p{};
  prepare(audio, format, p);
  switch (format.format) {
    case AudioFormat::mp3:
      encode_mp3(*p.audio, Mp3Options{format.bitrate, mp3_quality}, sink);
      return;
    case AudioFormat::wav:
      encode_wav(*p.audio, sink);
      return;
    case AudioFormat::pcm:
      encode_pcm(*p.audio, sink);
      return;
  }
  throw std::invalid_argument("encode: unknown format");
}

Bytes encode(const AudioBuffer& audio, const OutputFormat& format, int mp3_quality) {
  Prepared p{};
  prepare(audio, format, p);
  switch (format.format) {
    case AudioFormat::mp3:
      return encode_mp3(*p.audio, Mp3Options{format.bitrate, mp3_quality});
    case AudioFormat::wav:
      return encode_wav(*p.audio);
    case AudioFormat::pcm:
      return encode_pcm(*p.audio);
  }
  throw std::invalid_argument("encode: unknown format");
}

}  // namespace l402d::engines::music::audio
