#pragma once

// The builtin offline vision engine: classical detectors (OpenCV cascades,
// HOG, WeChat QR), Tesseract OCR and image statistics, combined into an
// answer to the buyer's question.
//
// Thread-safe: one Analyzer serves all requests. Models are loaded once in the
// constructor; each call leases its own detector and OCR instances (see
// resources.hpp). Deterministic: the same image and prompt give the same
// answer.

#include <memory>
#include <string>
#include <string_view>

#include "engines/vision/answer.hpp"
#include "engines/vision/cues.hpp"
#include "engines/vision/image_input.hpp"
#include "engines/vision/people.hpp"
#include "engines/vision/resources.hpp"
#include "engines/vision/text.hpp"

namespace l402d::engines::vision {

struct AnalyzerOptions {
  ResourceOptions resources;
  InputLimits limits;
  TextOptions text;
  PeopleOptions people;
  // OpenCV's own worker threads compete with concurrent requests on a small
  // server; requests are the unit of parallelism. This is process-wide.
  bool single_threaded_opencv = true;
};

class Analyzer {
 public:
  // Throws std::runtime_error when a model file is missing.
  explicit Analyzer(AnalyzerOptions options = {});
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Runs the analysers `needs` asks for.
  Cues analyze(const DecodedImage& image, const Needs& needs = Needs::all()) const;

  // Answers the question (an empty prompt means "What's in this image?"),
  // running only the analysers the question needs.
  std::string answer(const DecodedImage& image, std::string_view prompt) const;
  // The same answer, sentence by sentence.
  std::vector<std::string> answer_sentences(const DecodedImage& image,
                                            std::string_view prompt) const;

  // Shrinks image.bgr in place to the frame analyze() works on (the same
  // pixels analyze() would make), so a caller that owns the decode frees the
  // larger buffer before the analysers allocate theirs.
  void fit_for_analysis(DecodedImage& image) const;

  const AnalyzerOptions& options() const { return options_; }
  Resources& resources() const { return *resources_; }

 private:
  void read_any_text(const cv::Mat& bgr, const cv::Mat& gray, Cues& c) const;

  AnalyzerOptions options_;
  std::unique_ptr<Resources> resources_;
};

}  // namespace l402d::engines::vision
