#include "engines/vision/analyzer.hpp"

#include <algorithm>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "engines/vision/qr.hpp"
#include "engines/vision/scene_text.hpp"
#include "util/allocator_policy.hpp"

namespace l402d::engines::vision {

namespace {

// The working frame: detail beyond ~1600 px costs time and finds nothing the
// analysers can use.
cv::Mat analysis_frame(const cv::Mat& bgr, int max_long_side) {
  const int long_side = std::max(bgr.cols, bgr.rows);
  if (long_side <= max_long_side) return bgr;
  const double f = static_cast<double>(max_long_side) / long_side;
  cv::Mat out;
  cv::resize(bgr, out, cv::Size(), f, f, cv::INTER_AREA);
  return out;
}

}  // namespace

Analyzer::Analyzer(AnalyzerOptions options) : options_(std::move(options)) {
  if (options_.single_threaded_opencv) cv::setNumThreads(1);
  // Frames, blobs and Tesseract pages reused within a request, and what is
  // free handed back after it (BuiltinVisionEngine::answer).
  util::keep_large_buffers_for_reuse();
  resources_ = std::make_unique<Resources>(options_.resources);
}

Analyzer::~Analyzer() = default;

Cues Analyzer::analyze(const DecodedImage& image, const Needs& needs) const {
  Cues c;
  c.computed = needs;
  c.geometry = measure_geometry(image.width, image.height);
  c.format = std::string(format_name(image.format));
  if (image.bgr.empty()) {
    c.computed = Needs::none();
    return c;
  }

  // One working frame for every analyser.
  const cv::Mat bgr = analysis_frame(image.bgr, options_.limits.analysis_long_side);
  c.analysis_width = bgr.cols;
  c.analysis_height = bgr.rows;
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);

  if (needs.quality) c.quality = measure_quality(bgr);
  if (needs.colors) c.colors = dominant_colors(bgr);
  if (needs.faces || needs.people || needs.qr) {
    auto d = resources_->detectors();
    if (needs.faces) c.faces = detect_faces(gray, *d);
    if (needs.people) c.bodies = detect_people(gray, *d, options_.people);
    if (needs.qr) c.qr_codes = read_qr_codes(gray, *d);
  }
  c.objects_available = resources_->objects() != nullptr;
  c.scene_text_available = resources_->text_boxes() != nullptr;
  if (needs.objects && c.objects_available) {
    c.objects = resources_->objects()->detect(bgr);
    settle_confusions(c.objects);
  }
  if (needs.text) read_any_text(bgr, gray, c);
  return c;
}

// Documents are read whole by Tesseract's page layout analysis; photos (few
// text boxes) box by box, which finds signs that page analysis misses. The
// detector's box count tells which, so only one reading is paid for.
void Analyzer::read_any_text(const cv::Mat& bgr, const cv::Mat& gray, Cues& c) const {
  auto ocr = resources_->ocr();
  if (TextDetector* det = resources_->text_boxes()) {
    const auto boxes = det->detect(bgr);
    if (boxes.empty()) return;
    if (static_cast<int>(boxes.size()) < options_.text.document_boxes) {
      c.text = read_scene_text(gray, boxes, *ocr, options_.text);
      c.text_from_scene = c.text.found();
      return;
    }
  }
  c.text = read_text(gray, *ocr, options_.text);
}

void Analyzer::fit_for_analysis(DecodedImage& image) const {
  if (!image.bgr.empty()) image.bgr = analysis_frame(image.bgr, options_.limits.analysis_long_side);
}

std::string Analyzer::answer(const DecodedImage& image, std::string_view prompt) const {
  return join_sentences(answer_sentences(image, prompt));
}

std::vector<std::string> Analyzer::answer_sentences(const DecodedImage& image,
                                                    std::string_view prompt) const {
  const Intent intent = classify_prompt(prompt);
  return compose_sentences(intent, analyze(image, needs_for(intent)));
}

}  // namespace l402d::engines::vision
