#pragma once

// The last step of a song: the mastered buffer to the buyer's format. Converts
// the rate with soxr when it differs from the requested one, then encodes as
// stereo mp3 (CBR), wav (16-bit) or raw pcm (s16le).

#include "engines/music/audio/byte_sink.hpp"
#include "engines/music/audio/formats.hpp"
#include "engines/music/audio/mp3_encoder.hpp"
#include "engines/music/audio_buffer.hpp"
#include "util/bytes.hpp"

namespace l402d::engines::music::audio {

// `format` should come from validate_output_format; an invalid combination
// throws std::invalid_argument. `mp3_quality` is LAME's 0..9.
Bytes encode(const AudioBuffer& audio, const OutputFormat& format,
             int mp3_quality = kDefaultMp3Quality);
void encode(const AudioBuffer& audio, const OutputFormat& format, const ByteSink& sink,
            int mp3_quality = kDefaultMp3Quality);

}  // namespace l402d::engines::music::audio
