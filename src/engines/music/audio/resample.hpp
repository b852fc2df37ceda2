#pragma once

// Sample-rate conversion with libsoxr at its "high quality" setting (20-bit
// precision, band-limited to 91 % of the lower Nyquist, linear phase). The
// mp3 encoder is always given audio at its output rate, so LAME's own, lower
// quality resampler never runs.

#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music::audio {

// `input` converted to `output_rate` (same channels). Returns a copy when the
// rates already match. Throws std::invalid_argument for a non-positive rate and
// std::runtime_error if soxr fails.
AudioBuffer resample(const AudioBuffer& input, int output_rate);

}  // namespace l402d::engines::music::audio
