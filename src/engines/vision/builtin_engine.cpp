#include "engines/vision/builtin_engine.hpp"

#include "util/allocator_policy.hpp"

namespace l402d::engines::vision {

BuiltinVisionEngine::BuiltinVisionEngine(AnalyzerOptions options) : analyzer_(std::move(options)) {}

VisionResult BuiltinVisionEngine::answer(const VisionJob& job) {
  // Declared first, so it runs after every buffer of the request is freed.
  const util::ReturnFreedMemory return_freed_memory;
  auto image = decode(job.image, analyzer_.options().limits);
  if (!image) throw EngineError(image.error().code, image.error().message, false);
  // A 12 MP JPEG decodes at 2000 x 1500 (9 MB): freed now rather than held
  // beside the analysis frame until the answer is written.
  analyzer_.fit_for_analysis(*image);
  return {analyzer_.answer(*image, job.prompt)};
}

}  // namespace l402d::engines::vision
