#pragma once

// Sample peak and true peak per ITU-R BS.1770-4 Annex 2: 4x oversampling with
// the Annex's 48-tap polyphase interpolator. True peak catches the
// inter-sample overs that a DAC or an mp3 decoder will produce even when no
// sample reaches full scale.

#include <span>
#include <vector>

#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music::audio {

double gain_to_db(double gain);  // -inf for 0
double db_to_gain(double db);

// Largest |sample| over all channels (linear, 1.0 = full scale).
double sample_peak(std::span<const float> interleaved);

// The largest absolute value per frame, over every channel, of the signal and
// of its 4x interpolation, the interpolated points assigned to the frame they
// fall beside. The limiter steers from this; its maximum is the true peak.
std::vector<float> true_peak_envelope(std::span<const float> interleaved, int channels);

// True peak (linear) over all channels.
double true_peak(std::span<const float> interleaved, int channels);
double true_peak(const AudioBuffer& audio);

}  // namespace l402d::engines::music::audio
