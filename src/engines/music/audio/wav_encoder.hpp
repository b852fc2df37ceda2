#pragma once

// WAV output: a canonical 44-byte RIFF/WAVE header (fmt chunk: PCM, 2
// channels, 16 bits, the buffer's rate) followed by the same bytes as raw pcm
// (pcm_encoder.hpp). Mono input is written as stereo.

#include <cstddef>
#include <cstdint>

#include "engines/music/audio/byte_sink.hpp"
#include "engines/music/audio_buffer.hpp"
#include "util/bytes.hpp"

namespace l402d::engines::music::audio {

inline constexpr std::size_t kWavHeaderBytes = 44;

// The header for `frames` stereo 16-bit frames at `sample_rate`. Throws
// std::length_error past the 4 GiB RIFF limit.
Bytes wav_header(std::size_t frames, int sample_rate);

void encode_wav(const AudioBuffer& audio, const ByteSink& sink);
Bytes encode_wav(const AudioBuffer& audio);

}  // namespace l402d::engines::music::audio
