#pragma once

// Side-chain ducking: lowers the band a few dB while the voice sings, so the
// words stay on top without turning the vocal itself up into harshness. The
// gain moves slowly (tens of ms in, hundreds out) so the band breathes with
// the phrases rather than flutters with every syllable.

#include "engines/music/audio_buffer.hpp"

namespace l402d::engines::music::audio {

struct DuckOptions {
  double depth_db = 3.0;        // band reduction while the key is active
  double threshold_db = -40.0;  // key RMS above which the voice counts as singing
  double window_ms = 30.0;      // RMS window of the key detector
  double attack_ms = 40.0;
  double release_ms = 300.0;
};

// Ducks `band` (any channels) under `key` (mono or stereo, same rate; shorter
// keys count as silence after they end), in place.
void duck(AudioBuffer& band, const AudioBuffer& key, const DuckOptions& options = {});

}  // namespace l402d::engines::music::audio
