#pragma once

// Reads what an audio file from a provider actually is, so the gateway only
// passes it through when it matches what the buyer asked for.

#include <optional>
#include <string>

#include "util/bytes.hpp"

namespace l402d::providers {

struct AudioFacts {
  std::string format;  // "mp3", "wav" or "" when unknown (raw pcm is unknowable)
  int sample_rate = 0;
  int bitrate = 0;  // bits per second: the first MPEG frame's (CBR); 0 for wav
  int channels = 0;
  int bits_per_sample = 0;  // wav only
};

AudioFacts probe_audio(ByteView data);

}  // namespace l402d::providers
