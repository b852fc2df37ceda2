#pragma once

// The vision service's engine interface: the builtin analyser and any
// OpenAI-compatible vision model implement it. Thread-safe implementations.

#include <functional>
#include <string>
#include <string_view>

#include "engines/engine_error.hpp"
#include "util/bytes.hpp"

namespace l402d::engines {

struct VisionJob {
  Bytes image;            // the decoded bytes of the uploaded file (not base64)
  std::string mime_type;  // detected from the content: image/png, image/jpeg, ...
  int width = 0;
  int height = 0;
  std::string prompt;
};

struct VisionResult {
  std::string content;  // the answer text
};

// Receives the answer as it is produced, piece by piece: their concatenation
// is the whole answer. Engines that cannot stream call it once with the
// whole text.
using TextSink = std::function<void(std::string_view delta)>;

class VisionEngine {
 public:
  virtual ~VisionEngine() = default;
  virtual std::string name() const = 0;
  // Throws EngineError on failure.
  virtual VisionResult answer(const VisionJob& job) = 0;
  virtual VisionResult answer_streaming(const VisionJob& job, const TextSink& sink) {
    auto r = answer(job);
    sink(r.content);
    return r;
  }
};

}  // namespace l402d::engines
