#include "engines/vision/scene_text.hpp"

#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <opencv2/imgproc.hpp>

namespace l402d::engines::vision {

namespace {

// Tesseract's LSTM reads lines best at roughly this height.
constexpr int kLineHeight = 48;
constexpr int kMaxBoxes = 16;  // bounds the cost: ~10 ms per box

struct TessText {
  void operator()(char* p) const { delete[] p; }
};

int alnum_count(const std::string& s) {
  return static_cast<int>(std::count_if(
      s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }));
}

// The box as an upright crop, its long side horizontal and left to right
// (text more than 90 degrees off is rare on signs), scaled to kLineHeight.
cv::Mat straighten(const cv::Mat& gray, const cv::RotatedRect& r) {
  cv::Point2f p[4];
  r.points(p);
  // u along the long side pointing right, v across it pointing down.
  cv::Point2f u = p[1] - p[0];
  if (cv::norm(p[2] - p[1]) > cv::norm(u)) u = p[2] - p[1];
  if (u.x < 0) u = -u;
  const auto length = static_cast<float>(cv::norm(u));
  if (length <= 0.f) return {};
  u /= length;
  const cv::Point2f v(-u.y, u.x);
  cv::Point2f tl, tr, bl;
  for (const auto& q : p) {
    const cv::Point2f d = q - r.center;
    const bool left = d.dot(u) < 0, top = d.dot(v) < 0;
    if (left && top) tl = q;
    if (!left && top) tr = q;
    if (left && !top) bl = q;
  }
  const auto height = static_cast<float>(cv::norm(bl - tl));
  const float scale = kLineHeight / std::max(1.f, height);
  const cv::Size out(std::max(1, static_cast<int>(cv::norm(tr - tl) * scale)), kLineHeight);
  const cv::Point2f src[3] = {tl, tr, bl};
  const cv::Point2f dst[3] = {
      {0.f, 0.f}, {static_cast<float>(out.width), 0.f}, {0.f, static_cast<float>(out.height)}};
  cv::Mat crop;
  cv::warpAffine(gray, crop, cv::getAffineTransform(src, dst), out, cv::INTER_LINEAR,
                 cv::BORDER_REPLICATE);
  cv::Mat padded;
  cv::copyMakeBorder(crop, padded, 8, 8, 8, 8, cv::BORDER_REPLICATE);
  return padded;
}

std::vector<Word> read_line(const cv::Mat& line, tesseract::TessBaseAPI& api,
                            const TextOptions& options) {
  std::vector<Word> words;
  api.SetImage(line.data, line.cols, line.rows, 1, static_cast<int>(line.step));
  if (api.Recognize(nullptr) != 0) return words;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return words;
  do {
    std::unique_ptr<char, TessText> raw(it->GetUTF8Text(tesseract::RIL_WORD));
    if (!raw) continue;
    Word w{raw.get(), it->Confidence(tesseract::RIL_WORD)};
    if (w.confidence >= options.min_word_confidence && alnum_count(w.text) > 0)
      words.push_back(std::move(w));
  } while (it->Next(tesseract::RIL_WORD));
  return words;
}

// Reading order: top to bottom by line, left to right within a line.
std::vector<cv::RotatedRect> reading_order(std::vector<cv::RotatedRect> boxes) {
  std::sort(boxes.begin(), boxes.end(), [](const cv::RotatedRect& a, const cv::RotatedRect& b) {
    const cv::Rect ra = a.boundingRect(), rb = b.boundingRect();
    const int overlap = std::min(ra.br().y, rb.br().y) - std::max(ra.y, rb.y);
    if (overlap > std::min(ra.height, rb.height) / 2) return ra.x < rb.x;
    return ra.y < rb.y;
  });
  return boxes;
}

}  // namespace

TextReading read_scene_text(const cv::Mat& gray, const std::vector<cv::RotatedRect>& boxes,
                            Ocr& ocr, const TextOptions& options) {
  TextReading out;
  if (gray.empty() || boxes.empty()) return out;
  std::vector<cv::RotatedRect> chosen(
      boxes.begin(), boxes.begin() + std::min<std::size_t>(boxes.size(), kMaxBoxes));
  tesseract::TessBaseAPI& api = ocr.api();
  api.SetPageSegMode(tesseract::PSM_SINGLE_LINE);
  std::vector<std::string> lines;
  int chars = 0;
  float sum = 0.f;
  for (const auto& box : reading_order(std::move(chosen))) {
    const cv::Mat crop = straighten(gray, box);
    if (crop.empty()) continue;
    auto words = read_line(crop, api, options);
    if (words.empty()) continue;
    std::string line;
    for (auto& w : words) {
      if (!line.empty()) line += ' ';
      line += w.text;
      chars += alnum_count(w.text);
      sum += w.confidence;
      out.words.push_back(std::move(w));
    }
    lines.push_back(std::move(line));
  }
  api.Clear();
  api.SetPageSegMode(tesseract::PSM_AUTO);
  if (chars < options.min_characters) return TextReading{};
  out.mean_confidence = sum / static_cast<float>(out.words.size());
  for (const auto& l : lines) {
    if (!out.text.empty()) out.text += '\n';
    out.text += l;
  }
  return out;
}

}  // namespace l402d::engines::vision
