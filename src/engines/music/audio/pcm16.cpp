#include "engines/music/audio/pcm16.hpp"

#include <stdexcept>

namespace l402d::engines::music::audio {

void Pcm16Quantizer::convert(std::span<const float> in, std::span<std::int16_t> out) {
  if (in.size() != out.size()) throw std::invalid_argument("Pcm16Quantizer: size mismatch");
  for (std::size_t i = 0; i < in.size(); ++i)
    out[i] = quantize(in[i]);
}

}  // namespace l402d::engines::music::audio
