#pragma once

// Sets the voice against the band by measurement rather than by a fixed
// gain: the K-weighted loudness of each, over the 100 ms blocks where the
// voice sings, and the voice gain that puts it `target_lu` above the band.
// A fixed +3 dB left the voice 3.5-20 dB over the band (issue 17), as the
// band's level varies by genre and arrangement.

#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music::audio {

struct BalanceReport {
  double band_lufs = 0;           // the band where the voice sings
  double voice_lufs = 0;          // the voice there, before the gain
  double voice_gain_db = 0;       // applied to the voice
  double voice_over_band_lu = 0;  // after the gain
};

// Scales `voice` so it sits `target_lu` over `band` where it sings (both
// buffers at one rate and on one timeline). A silent voice or band is left
// alone.
BalanceReport balance_voice(const AudioBuffer& band, AudioBuffer& voice, double target_lu);

}  // namespace l402d::engines::music::audio
