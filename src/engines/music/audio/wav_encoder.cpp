#include "engines/music/audio/wav_encoder.hpp"

#include <limits>
#include <stdexcept>

#include "engines/music/audio/pcm_encoder.hpp"

namespace l402d::engines::music::audio {
namespace {

void put_tag(Bytes& out, const char (&tag)[5]) {
  out.insert(out.end(), tag, tag + 4);
}

void put_u16(Bytes& out, std::uint32_t v) {
  out.push_back(static_cast<std::uint8_t>(v & 0xFFU));
  out.push_back(static_cast<std::uint8_t>((v >> 8) & 0xFFU));
}

void put_u32(Bytes& out, std::uint32_t v) {
  put_u16(out, v & 0xFFFFU);
  put_u16(out, v >> 16);
}

}  // namespace

Bytes wav_header(std::size_t frames, int sample_rate) {
  if (sample_rate <= 0) throw std::invalid_argument("wav_header: sample_rate must be positive");
  constexpr std::uint32_t kChannels = 2, kBits = 16, kBlockAlign = kChannels * kBits / 8;
  const std::size_t limit = std::numeric_limits<std::uint32_t>::max() - (kWavHeaderBytes - 8);
  if (frames > limit / kBlockAlign)
    throw std::length_error("wav: audio exceeds the 4 GiB RIFF limit");
  const auto data_bytes = static_cast<std::uint32_t>(frames * kBlockAlign);
  const auto rate = static_cast<std::uint32_t>(sample_rate);

  Bytes h;
  h.reserve(kWavHeaderBytes);
  put_tag(h, "RIFF");
  put_u32(h, static_cast<std::uint32_t>(kWavHeaderBytes - 8) + data_bytes);
  put_tag(h, "WAVE");
  put_tag(h, "fmt ");
  put_u32(h, 16);  // fmt chunk size for plain PCM
  put_u16(h, 1);   // WAVE_FORMAT_PCM
  put_u16(h, kChannels);
  put_u32(h, rate);
  put_u32(h, rate * kBlockAlign);  // byte rate
  put_u16(h, kBlockAlign);
  put_u16(h, kBits);
  put_tag(h, "data");
  put_u32(h, data_bytes);
  return h;
}

void encode_wav(const AudioBuffer& audio, const ByteSink& sink) {
  if (audio.channels != 1 && audio.channels != 2) {
    throw std::invalid_argument("encode_wav: audio must be mono or stereo");
  }
  const Bytes header = wav_header(audio.frames(), audio.sample_rate);
  sink(header);
  encode_pcm(audio, sink);
}

Bytes encode_wav(const AudioBuffer& audio) {
  Bytes out;
  out.reserve(kWavHeaderBytes + audio.frames() * kPcmBytesPerFrame);
  encode_wav(audio,
             [&](std::span<const std::uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); });
  return out;
}

}  // namespace l402d::engines::music::audio
