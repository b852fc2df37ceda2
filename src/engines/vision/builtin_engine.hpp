#pragma once

// The builtin analyser behind the VisionEngine interface: decodes the job's
// bytes and answers its prompt. Errors surface as EngineError with the
// image_* codes of image_input.hpp (not retryable: the same bytes fail again).

#include <memory>

#include "engines/vision/analyzer.hpp"
#include "engines/vision_engine.hpp"

namespace l402d::engines::vision {

class BuiltinVisionEngine final : public VisionEngine {
 public:
  explicit BuiltinVisionEngine(AnalyzerOptions options = {});
  std::string name() const override { return "builtin"; }
  VisionResult answer(const VisionJob& job) override;

 private:
  Analyzer analyzer_;
};

}  // namespace l402d::engines::vision
