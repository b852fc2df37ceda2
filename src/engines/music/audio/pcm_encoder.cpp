#include "engines/music/audio/pcm_encoder.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "engines/music/audio/pcm16.hpp"

namespace l402d::engines::music::audio {
namespace {

constexpr std::size_t kChunkFrames = 16384;

}  // namespace

void encode_pcm(const AudioBuffer& audio, const ByteSink& sink) {
  if (audio.channels != 1 && audio.channels != 2) {
    throw std::invalid_argument("encode_pcm: audio must be mono or stereo");
  }
  const auto ch_count = static_cast<std::size_t>(audio.channels);
  const std::size_t frames = audio.frames();
  Pcm16Quantizer quantizer;
  std::vector<std::uint8_t> chunk(kChunkFrames * kPcmBytesPerFrame);
  for (std::size_t start = 0; start < frames; start += kChunkFrames) {
    const std::size_t n = std::min(kChunkFrames, frames - start);
    std::uint8_t* out = chunk.data();
    for (std::size_t i = 0; i < n; ++i) {
      const float* frame = audio.samples.data() + (start + i) * ch_count;
      // Mono goes to both sides with one dithered value, so it stays mono.
      const std::int16_t l = quantizer.quantize(frame[0]);
      const std::int16_t r = ch_count == 2 ? quantizer.quantize(frame[1]) : l;
      for (const std::int16_t s : {l, r}) {
        const auto u = static_cast<std::uint16_t>(s);
        *out++ = static_cast<std::uint8_t>(u & 0xFFU);
        *out++ = static_cast<std::uint8_t>(u >> 8);
      }
    }
    sink(std::span<const std::uint8_t>(chunk.data(), n * kPcmBytesPerFrame));
  }
}

Bytes encode_pcm(const AudioBuffer& audio) {
  Bytes out;
  out.reserve(audio.frames() * kPcmBytesPerFrame);
  encode_pcm(audio,
             [&](std::span<const std::uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); });
  return out;
}

}  // namespace l402d::engines::music::audio
