#pragma once

// PCM audio as the music pipeline passes it between stages: 32-bit float
// samples, nominally in [-1, 1], interleaved by channel.

#include <cstddef>
#include <vector>

namespace l402d::engines::music {

struct AudioBuffer {
  int sample_rate = 44100;
  int channels = 2;            // 1 (vocal stems) or 2
  std::vector<float> samples;  // frames * channels, interleaved

  std::size_t frames() const {
    return channels > 0 ? samples.size() / static_cast<std::size_t>(channels) : 0;
  }
  double seconds() const {
    return sample_rate > 0 ? static_cast<double>(frames()) / sample_rate : 0.0;
  }
};

}  // namespace l402d::engines::music
