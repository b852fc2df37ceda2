#pragma once

// Raw pcm output: signed 16-bit little-endian samples, stereo interleaved
// (L0 R0 L1 R1 ...), no header, at the buffer's sample rate: 4 bytes a frame.
// Mono input is written to both channels. TPDF-dithered (see pcm16.hpp).

#include <cstddef>

#include "engines/music/audio/byte_sink.hpp"
#include "engines/music/audio_buffer.hpp"
#include "util/bytes.hpp"

namespace l402d::engines::music::audio {

inline constexpr std::size_t kPcmBytesPerFrame = 4;

// Streams the samples to `sink` in chunks of at most 64 KiB.
void encode_pcm(const AudioBuffer& audio, const ByteSink& sink);
Bytes encode_pcm(const AudioBuffer& audio);

}  // namespace l402d::engines::music::audio
