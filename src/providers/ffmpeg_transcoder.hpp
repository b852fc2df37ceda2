#pragma once

// Turns whatever audio a hosted provider returned into exactly the format the
// buyer asked for: ffmpeg (Debian's, run as a child process with no shell)
// decodes to float PCM at the requested rate, then our own encoders write it,
// so the output obeys the same rules as the builtin engine's.

#include <filesystem>

#include "engines/music_engine.hpp"

namespace l402d::providers {

struct FfmpegOptions {
  std::filesystem::path ffmpeg = "/usr/bin/ffmpeg";
  std::size_t max_decoded_bytes = 1ULL << 30;  // 1 GiB of float PCM, about 50 minutes
};

engines::MusicResult transcode_with_ffmpeg(const Bytes& input, const engines::MusicJob& job,
                                           const FfmpegOptions& options = {});

}  // namespace l402d::providers
