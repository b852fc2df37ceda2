#include "engines/vision/text.hpp"

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <opencv2/imgproc.hpp>

namespace l402d::engines::vision {

namespace {

// Tesseract reads best when capitals are 20-40 px tall; small images are
// usually screenshots or crops whose text is below that.
constexpr int kUpscaleBelow = 800;

int alnum_count(const std::string& s) {
  return static_cast<int>(std::count_if(
      s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }));
}

struct TessText {
  void operator()(char* p) const { delete[] p; }
};

}  // namespace

TextReading read_text(const cv::Mat& gray, Ocr& ocr, const TextOptions& options) {
  TextReading out;
  if (gray.empty()) return out;
  cv::Mat work;
  if (std::max(gray.cols, gray.rows) < kUpscaleBelow)
    cv::resize(gray, work, cv::Size(), 2.0, 2.0, cv::INTER_CUBIC);
  else
    work = gray.isContinuous() ? gray : gray.clone();

  tesseract::TessBaseAPI& api = ocr.api();
  api.SetPageSegMode(tesseract::PSM_AUTO);
  api.SetImage(work.data, work.cols, work.rows, 1, static_cast<int>(work.step));
  // Only the words' own coordinates-free text is needed.
  if (api.Recognize(nullptr) != 0) {
    api.Clear();
    return out;
  }
  std::vector<std::string> lines;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (it) {
    bool new_line = true;
    do {
      if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) new_line = true;
      std::unique_ptr<char, TessText> raw(it->GetUTF8Text(tesseract::RIL_WORD));
      if (!raw) continue;
      Word w{raw.get(), it->Confidence(tesseract::RIL_WORD)};
      if (w.confidence < options.min_word_confidence || alnum_count(w.text) == 0) continue;
      if (new_line || lines.empty()) {
        lines.emplace_back();
        new_line = false;
      }
      if (!lines.back().empty()) lines.back() += ' ';
      lines.back() += w.text;
      out.words.push_back(std::move(w));
    } while (it->Next(tesseract::RIL_WORD));
  }
  api.Clear();

  int chars = 0;
  float sum = 0.0f;
  for (const auto& w : out.words) {
    chars += alnum_count(w.text);
    sum += w.confidence;
  }
  if (chars < options.min_characters) return TextReading{};
  out.mean_confidence = sum / static_cast<float>(out.words.size());
  for (const auto& line : lines) {
    if (!out.text.empty()) out.text += '\n';
    out.text += line;
  }
  return out;
}

}  // namespace l402d::engines::vision
