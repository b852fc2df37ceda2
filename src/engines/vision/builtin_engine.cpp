#include "engines/vision/builtin_engine.hpp"

#include "util/allocator_policy.hpp"

namespace l402d::engines::vision {

BuiltinVisionEngine::BuiltinVisionEngine(AnalyzerOptions options) : analyzer_(std::move(options)) {}

VisionResult BuiltinVisionEngine::answer(const VisionJob& job) {
  return answer_streaming(job, [](std::string_view) {});
}

// The analysis of the image comes first (every sentence may need any of its
// cues); then each sentence goes to the sink as it is composed.
VisionResult BuiltinVisionEngine::answer_streaming(const VisionJob& job, const TextSink& sink) {
  // Declared first, so it runs after every buffer of the request is freed.
  const util::ReturnFreedMemory return_freed_memory;
  auto image = decode(job.image, analyzer_.options().limits);
  if (!image) throw EngineError(image.error().code, image.error().message, false);
  // A 12 MP JPEG decodes at 2000 x 1500 (9 MB): freed now rather than held
  // beside the analysis frame until the answer is written.
  analyzer_.fit_for_analysis(*image);
  const auto sentences = analyzer_.answer_sentences(*image, job.prompt);
  for (std::size_t i = 0; i < sentences.size(); ++i)
    sink(i == 0 ? sentences[i] : " " + sentences[i]);
  return {join_sentences(sentences)};
}

}  // namespace l402d::engines::vision
