#pragma once

// The builtin analyser behind the VisionEngine interface: decodes the job's
// bytes and answers its prompt. Errors surface as EngineError with the
// image_* codes of image_input.hpp (not retryable: the same bytes fail again).

#include <memory>
#include <string>
#include <vector>

#include "engines/vision/analyzer.hpp"
#include "engines/vision_engine.hpp"

namespace l402d::engines::vision {

class BuiltinVisionEngine final : public VisionEngine {
 public:
  explicit BuiltinVisionEngine(AnalyzerOptions options = {});
  std::string name() const override { return "builtin"; }
  VisionResult answer(const VisionJob& job) override;
  VisionResult answer_streaming(const VisionJob& job, const TextSink& sink) override;
  // Why object detection or scene text is unavailable (model files missing);
  // empty when both work.
  const std::vector<std::string>& model_problems() const {
    return analyzer_.resources().model_problems();
  }

 private:
  Analyzer analyzer_;
};

}  // namespace l402d::engines::vision
