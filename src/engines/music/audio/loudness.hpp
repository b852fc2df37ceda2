#pragma once

// Integrated loudness per ITU-R BS.1770-4 / EBU R128: K-weighting (designed
// for the buffer's own sample rate, so 22.05 kHz and 48 kHz read alike),
// 400 ms blocks with 75 % overlap, an absolute gate at -70 LUFS and a relative
// gate 10 LU below the absolutely gated level.
//
// Channels are weighted 1.0 each (BS.1770 L, R, C). A mono buffer is measured
// as one channel, as BS.1770 says, so it reads 3 LU below the same signal in
// both channels of a stereo buffer.

#include <cmath>
#include <limits>
#include <span>

#include "engines/music/audio/biquad.hpp"
#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music::audio {

// What silence (or audio shorter than one 400 ms block) measures.
inline constexpr double kSilenceLufs = -std::numeric_limits<double>::infinity();

// The two K-weighting stages (pre-filter shelf, RLB high-pass) for a rate.
BiquadCoefficients k_weighting_shelf(int sample_rate);
BiquadCoefficients k_weighting_high_pass(int sample_rate);

// Integrated loudness in LUFS, or kSilenceLufs when no block passes the gates.
double integrated_loudness(std::span<const float> interleaved, int channels, int sample_rate);
double integrated_loudness(const AudioBuffer& audio);

}  // namespace l402d::engines::music::audio
