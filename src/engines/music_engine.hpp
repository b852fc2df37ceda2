#pragma once

// The music service's engine interface: the builtin composer and hosted
// providers (Replicate) implement it. Engines run on worker threads, several at
// a time, so implementations must be thread-safe.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "engines/engine_error.hpp"
#include "util/bytes.hpp"

namespace l402d::engines {

struct MusicJob {
  std::string prompt;  // style description
  std::string lyrics;
  std::string audio_format = "mp3";  // mp3 | wav | pcm
  int sample_rate = 44100;
  int bitrate = 256000;  // bits per second (mp3 only)
};

struct MusicResult {
  Bytes audio;
  std::string content_type;  // audio/mpeg, audio/wav, application/octet-stream (raw s16le pcm)
  std::string extension;     // mp3, wav, pcm
  double duration_seconds = 0;
  std::string summary;  // what was made (style, tempo, key): for logs, never secret
};

// How far a job is, for the poll of a long job and a stream's progress
// events: a stage name and an estimate of the share done (0-100). Called on
// the engine's thread.
using ProgressSink = std::function<void(std::string_view stage, int percent)>;

class MusicEngine {
 public:
  virtual ~MusicEngine() = default;
  virtual std::string name() const = 0;
  // Throws EngineError on failure.
  virtual MusicResult compose(const MusicJob& job) = 0;
  // The same, saying how far it is; an engine that cannot tell reports nothing.
  virtual MusicResult compose(const MusicJob& job, const ProgressSink& progress) {
    (void)progress;
    return compose(job);
  }
};

}  // namespace l402d::engines
