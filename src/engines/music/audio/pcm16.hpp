#pragma once

// Float to signed 16-bit conversion with TPDF dither: the sum of two uniform
// random values of +-1/2 LSB each decorrelates the rounding error from the
// signal, turning quiet fade-outs' truncation distortion into a constant,
// benign noise floor (about -96 dBFS). The generator is seeded with a
// constant, so the same song always encodes to the same bytes.

#include <cmath>
#include <cstdint>
#include <span>

namespace l402d::engines::music::audio {

class Pcm16Quantizer {
 public:
  explicit Pcm16Quantizer(std::uint64_t seed = 0x9E3779B97F4A7C15ULL) : state_(seed | 1U) {}

  std::int16_t quantize(float sample) {
    const float dither = uniform() - uniform();  // triangular, +-1 LSB
    float v = sample * 32767.0F + dither;
    v = std::fmin(std::fmax(v, -32768.0F), 32767.0F);  // fmax maps NaN to -32768, not UB
    return static_cast<std::int16_t>(v < 0 ? v - 0.5F : v + 0.5F);
  }

  // Converts `in` to `out` (same length).
  void convert(std::span<const float> in, std::span<std::int16_t> out);

 private:
  // xorshift64*: fast, and more than random enough for dither.
  float uniform() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    const std::uint64_t r = state_ * 0x2545F4914F6CDD1DULL;
    return static_cast<float>(r >> 40) * (1.0F / 16777216.0F);  // [0, 1)
  }
  std::uint64_t state_;
};

}  // namespace l402d::engines::music::audio
