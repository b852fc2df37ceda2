#include "engines/music/audio/mp3_encoder.hpp"

#include <lame/lame.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "engines/music/audio/formats.hpp"

namespace l402d::engines::music::audio {
namespace {

constexpr std::size_t kChunkFrames = 8192;

struct LameDeleter {
  void operator()(lame_global_flags* g) const { lame_close(g); }
};
using Lame = std::unique_ptr<lame_global_flags, LameDeleter>;

Lame open_encoder(const AudioBuffer& audio, const Mp3Options& options, bool tag) {
  if (audio.channels != 1 && audio.channels != 2) {
    throw std::invalid_argument("encode_mp3: audio must be mono or stereo");
  }
  const std::span<const int> valid = mp3_bitrates(audio.sample_rate);
  if (valid.empty()) {
    throw std::invalid_argument("encode_mp3: sample rate " + std::to_string(audio.sample_rate) +
                                " is not an mp3 rate; resample first");
  }
  if (std::find(valid.begin(), valid.end(), options.bitrate) == valid.end()) {
    throw std::invalid_argument("encode_mp3: bitrate " + std::to_string(options.bitrate) +
                                " is not valid at " + std::to_string(audio.sample_rate) + " Hz");
  }
  Lame lame(lame_init());
  if (!lame) throw std::runtime_error("encode_mp3: lame_init failed");
  lame_global_flags* g = lame.get();
  int err = 0;
  err |= lame_set_num_channels(g, audio.channels);
  err |= lame_set_in_samplerate(g, audio.sample_rate);
  err |= lame_set_out_samplerate(g, audio.sample_rate);
  err |= lame_set_VBR(g, vbr_off);
  err |= lame_set_brate(g, options.bitrate / 1000);
  err |= lame_set_mode(g, audio.channels == 2 ? JOINT_STEREO : MONO);
  err |= lame_set_quality(g, std::clamp(options.quality, 0, 9));
  err |= lame_set_bWriteVbrTag(g, tag ? 1 : 0);
  // Without this LAME low-passes by its own table for the bitrate; keep it,
  // but make sure it never rescales the input or adds a replay-gain scan.
  err |= lame_set_findReplayGain(g, 0);
  if (err != 0 || lame_init_params(g) < 0) {
    throw std::runtime_error("encode_mp3: LAME rejected the parameters");
  }
  return lame;
}

// LAME's documented worst case for an output buffer.
std::size_t output_bound(std::size_t frames) {
  return frames + frames / 4 + 7200;
}

void run(lame_global_flags* g, const AudioBuffer& audio, const ByteSink& sink) {
  const auto ch_count = static_cast<std::size_t>(audio.channels);
  const std::size_t frames = audio.frames();
  std::vector<unsigned char> out(output_bound(kChunkFrames));
  for (std::size_t start = 0; start < frames; start += kChunkFrames) {
    const std::size_t n = std::min(kChunkFrames, frames - start);
    const float* pcm = audio.samples.data() + start * ch_count;
    int written = 0;
    if (ch_count == 2) {
      written = lame_encode_buffer_interleaved_ieee_float(g, pcm, static_cast<int>(n), out.data(),
                                                          static_cast<int>(out.size()));
    } else {
      written = lame_encode_buffer_ieee_float(g, pcm, nullptr, static_cast<int>(n), out.data(),
                                              static_cast<int>(out.size()));
    }
    if (written < 0) {
      throw std::runtime_error("encode_mp3: LAME error " + std::to_string(written));
    }
    if (written > 0)
      sink(std::span<const std::uint8_t>(out.data(), static_cast<std::size_t>(written)));
  }
  const int written = lame_encode_flush(g, out.data(), static_cast<int>(out.size()));
  if (written < 0)
    throw std::runtime_error("encode_mp3: LAME flush error " + std::to_string(written));
  if (written > 0)
    sink(std::span<const std::uint8_t>(out.data(), static_cast<std::size_t>(written)));
}

}  // namespace

void encode_mp3(const AudioBuffer& audio, const Mp3Options& options, const ByteSink& sink) {
  const Lame lame = open_encoder(audio, options, false);
  run(lame.get(), audio, sink);
}

Bytes encode_mp3(const AudioBuffer& audio, const Mp3Options& options) {
  const Lame lame = open_encoder(audio, options, true);
  Bytes out;
  // CBR: the size is known to within a frame.
  out.reserve(static_cast<std::size_t>(audio.seconds() * options.bitrate / 8) + 16384);
  run(lame.get(), audio,
      [&](std::span<const std::uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); });
  // LAME left an empty frame at the start for the tag; fill it in now that
  // the frame count and the delay/padding are known.
  std::vector<unsigned char> tag(4096);  // a Layer III frame is at most 2881 bytes
  const std::size_t tag_size = lame_get_lametag_frame(lame.get(), tag.data(), tag.size());
  if (tag_size > 0 && tag_size <= tag.size() && tag_size <= out.size()) {
    std::copy(tag.begin(), tag.begin() + static_cast<std::ptrdiff_t>(tag_size), out.begin());
  }
  return out;
}

}  // namespace l402d::engines::music::audio
