#pragma once

// mp3 output with LAME: CBR at the requested bitrate, joint stereo, at the
// buffer's own sample rate (resample with resample.hpp first: LAME is told
// in = out rate, so its resampler never runs). LAME takes the float samples
// directly, so no 16-bit step (and no dither) lies between the master and
// the encoder.

#include "engines/music/audio/byte_sink.hpp"
#include "engines/music/audio_buffer.hpp"
#include "util/bytes.hpp"

namespace l402d::engines::music::audio {

// LAME's algorithm quality, 0 (best, slowest) .. 9. Measured on one core for
// 60 s of 44.1 kHz stereo at 256 kbps (see docs/music-audio.md): 7 keeps the
// whole song well inside the encoding budget.
inline constexpr int kDefaultMp3Quality = 7;

struct Mp3Options {
  int bitrate = 256000;  // bit/s; must suit the buffer's rate (formats.hpp)
  int quality = kDefaultMp3Quality;
};

// Streams frames to `sink` as LAME produces them. The stream carries no
// LAME/Info tag (it would have to be patched in at the start afterwards).
void encode_mp3(const AudioBuffer& audio, const Mp3Options& options, const ByteSink& sink);

// The whole file in memory, with the LAME/Info tag written into the first
// frame, so decoders trim the encoder delay and padding (gapless, exact duration).
Bytes encode_mp3(const AudioBuffer& audio, const Mp3Options& options = {});

}  // namespace l402d::engines::music::audio
