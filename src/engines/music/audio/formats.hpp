#pragma once

// The output formats the music API accepts (audio_format, sample_rate,
// bitrate) and their validation. Rates are the nine MPEG audio rates LAME can
// write (MPEG-1: 32, 44.1, 48 kHz; MPEG-2: 16, 22.05, 24 kHz; MPEG-2.5: 8,
// 11.025, 12 kHz), for every format, so that a buyer can switch format without
// changing rate. Bitrates are in bits per second, as the public API gives them,
// and only matter for mp3: they must be a Layer III bitrate of the rate's MPEG
// version (LAME reaches only 8-64 kbps at the MPEG-2.5 rates). wav and pcm ignore the bitrate
// (theirs follows from the rate).

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace l402d::engines::music::audio {

enum class AudioFormat { mp3, wav, pcm };

struct OutputFormat {
  AudioFormat format = AudioFormat::mp3;
  int sample_rate = 44100;
  int bitrate = 256000;  // bits per second; meaningful for mp3 only
};

struct FormatError {
  std::string field;    // "audio_format", "sample_rate" or "bitrate"
  std::string message;  // names the field, the value and what is accepted
};

inline constexpr int kDefaultSampleRate = 44100;
inline constexpr int kDefaultBitrate = 256000;

std::optional<AudioFormat> parse_audio_format(std::string_view name);
std::string_view to_string(AudioFormat format);
std::string_view file_extension(AudioFormat format);  // "mp3", "wav", "pcm"
// MIME type of the encoded bytes. Raw pcm is little-endian, which audio/L16
// (RFC 2586: network byte order) would misdescribe, hence octet-stream.
std::string_view content_type(AudioFormat format);

std::span<const int> accepted_sample_rates();
bool is_accepted_sample_rate(int sample_rate);
// The mp3 bitrates (bit/s) valid at `sample_rate`; empty for a rate not accepted.
std::span<const int> mp3_bitrates(int sample_rate);
// What to use when the buyer sends no bitrate: 256000 at the MPEG-1 rates,
// else the version's maximum (160000 for MPEG-2, 64000 for MPEG-2.5).
int default_mp3_bitrate(int sample_rate);

// Checks the three request fields. `bitrate` nullopt means "not given": the
// rate's default is filled in. Errors name the field and list the accepted
// values, e.g. "bitrate 256000 is not valid for mp3 at 22050 Hz; accepted
// (bit/s): 8000, 16000, ... 160000".
Expected<OutputFormat, FormatError> validate_output_format(std::string_view audio_format,
                                                           int sample_rate,
                                                           std::optional<int> bitrate);

}  // namespace l402d::engines::music::audio
