#include "engines/music/audio/formats.hpp"

#include <algorithm>
#include <array>

namespace l402d::engines::music::audio {
namespace {

constexpr std::array<int, 9> kSampleRates = {8000,  11025, 12000, 16000, 22050,
                                             24000, 32000, 44100, 48000};
// ISO 11172-3 / 13818-3 Layer III bitrate tables (free format excluded).
constexpr std::array<int, 14> kMpeg1Bitrates = {32000,  40000,  48000,  56000,  64000,
                                                80000,  96000,  112000, 128000, 160000,
                                                192000, 224000, 256000, 320000};
constexpr std::array<int, 14> kMpeg2Bitrates = {8000,   16000,  24000,  32000, 40000,
                                                48000,  56000,  64000,  80000, 96000,
                                                112000, 128000, 144000, 160000};
// MPEG-2.5 shares MPEG-2's table, but LAME 3.100 caps it at 64 kbps (asking
// more silently gives 64 kbps), so only the reachable ones are offered.
constexpr std::array<int, 8> kMpeg25Bitrates = {8000,  16000, 24000, 32000,
                                                40000, 48000, 56000, 64000};

template <class Range>
std::string join(const Range& values) {
  std::string out;
  for (int v : values) {
    if (!out.empty()) out += ", ";
    out += std::to_string(v);
  }
  return out;
}

Unexpected<FormatError> fail(std::string field, std::string message) {
  return unexpected(FormatError{std::move(field), std::move(message)});
}

}  // namespace

std::optional<AudioFormat> parse_audio_format(std::string_view name) {
  if (name == "mp3") return AudioFormat::mp3;
  if (name == "wav") return AudioFormat::wav;
  if (name == "pcm") return AudioFormat::pcm;
  return std::nullopt;
}

std::string_view to_string(AudioFormat format) {
  switch (format) {
    case AudioFormat::mp3:
      return "mp3";
    case AudioFormat::wav:
      return "wav";
    case AudioFormat::pcm:
      return "pcm";
  }
  return "mp3";
}

std::string_view file_extension(AudioFormat format) {
  return to_string(format);
}

std::string_view content_type(AudioFormat format) {
  switch (format) {
    case AudioFormat::mp3:
      return "audio/mpeg";
    case AudioFormat::wav:
      return "audio/wav";
    case AudioFormat::pcm:
      return "application/octet-stream";
  }
  return "application/octet-stream";
}

std::span<const int> accepted_sample_rates() {
  return kSampleRates;
}

bool is_accepted_sample_rate(int sample_rate) {
  return std::find(kSampleRates.begin(), kSampleRates.end(), sample_rate) != kSampleRates.end();
}

std::span<const int> mp3_bitrates(int sample_rate) {
  if (!is_accepted_sample_rate(sample_rate)) return {};
  if (sample_rate >= 32000) return kMpeg1Bitrates;
  if (sample_rate >= 16000) return kMpeg2Bitrates;
  return kMpeg25Bitrates;
}

int default_mp3_bitrate(int sample_rate) {
  if (sample_rate >= 32000) return kDefaultBitrate;
  return sample_rate >= 16000 ? kMpeg2Bitrates.back() : kMpeg25Bitrates.back();
}

Expected<OutputFormat, FormatError> validate_output_format(std::string_view audio_format,
                                                           int sample_rate,
                                                           std::optional<int> bitrate) {
  const std::optional<AudioFormat> format = parse_audio_format(audio_format);
  if (!format) {
    return fail("audio_format", "audio_format \"" + std::string(audio_format.substr(0, 32)) +
                                    "\" is not supported; accepted: mp3, wav, pcm");
  }
  if (!is_accepted_sample_rate(sample_rate)) {
    return fail("sample_rate", "sample_rate " + std::to_string(sample_rate) +
                                   " is not supported; accepted (Hz): " + join(kSampleRates));
  }
  OutputFormat out{*format, sample_rate, bitrate.value_or(default_mp3_bitrate(sample_rate))};
  if (*format != AudioFormat::mp3) {
    // PCM carries 16 bits per sample per channel whatever the buyer asked.
    out.bitrate = sample_rate * 2 * 16;
    return out;
  }
  const std::span<const int> valid = mp3_bitrates(sample_rate);
  if (std::find(valid.begin(), valid.end(), out.bitrate) == valid.end()) {
    return fail("bitrate", "bitrate " + std::to_string(out.bitrate) + " is not valid for mp3 at " +
                               std::to_string(sample_rate) +
                               " Hz; accepted (bit/s): " + join(valid));
  }
  return out;
}

}  // namespace l402d::engines::music::audio
