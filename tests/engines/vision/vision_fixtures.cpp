#include "vision_fixtures.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <opencv2/freetype.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>
#include <stdexcept>

namespace l402d::engines::vision::testing {

std::string fixture_path(const std::string& name) {
  return std::string(L402D_TEST_DATA) + "/vision/" + name;
}

Bytes read_fixture(const std::string& name) {
  std::ifstream in(fixture_path(name), std::ios::binary);
  if (!in) throw std::runtime_error("missing fixture " + name);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

cv::Mat load_fixture(const std::string& name) {
  cv::Mat m = cv::imread(fixture_path(name), cv::IMREAD_COLOR);
  if (m.empty()) throw std::runtime_error("cannot read fixture " + name);
  return m;
}

Bytes encode(const cv::Mat& bgr, const std::string& ext, std::vector<int> params) {
  std::vector<uchar> buf;
  if (!cv::imencode(ext, bgr, buf, params)) throw std::runtime_error("imencode " + ext);
  return Bytes(buf.begin(), buf.end());
}

DecodedImage as_decoded(const cv::Mat& bgr, ImageFormat format) {
  DecodedImage d;
  d.bgr = bgr;
  d.format = format;
  d.width = bgr.cols;
  d.height = bgr.rows;
  return d;
}

DecodedImage decode_fixture(const std::string& name) {
  auto d = decode(read_fixture(name), InputLimits{});
  if (!d) throw std::runtime_error("decode " + name + ": " + d.error().message);
  return std::move(*d);
}

cv::Mat render_text(const std::vector<std::string>& lines, int width, int font_px) {
  const int line_h = font_px * 3 / 2;
  cv::Mat img(line_h * static_cast<int>(lines.size()) + font_px * 2, width, CV_8UC3,
              cv::Scalar(255, 255, 255));
  const std::string font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  if (std::filesystem::exists(font)) {
    auto ft = cv::freetype::createFreeType2();
    ft->loadFontData(font, 0);
    for (std::size_t i = 0; i < lines.size(); ++i)
      ft->putText(img, lines[i], cv::Point(font_px, font_px + line_h * static_cast<int>(i)),
                  font_px, cv::Scalar(0, 0, 0), -1, cv::LINE_AA, false);
  } else {
    const double scale = font_px / 30.0;
    for (std::size_t i = 0; i < lines.size(); ++i)
      cv::putText(img, lines[i], cv::Point(font_px, font_px * 2 + line_h * static_cast<int>(i)),
                  cv::FONT_HERSHEY_DUPLEX, scale, cv::Scalar(0, 0, 0), 2, cv::LINE_AA);
  }
  return img;
}

cv::Mat render_shapes(int width, int height) {
  cv::Mat img(height, width, CV_8UC3, cv::Scalar(255, 0, 0));  // BGR blue
  cv::circle(img, cv::Point(width / 3, height / 2), height / 4, cv::Scalar(0, 0, 255), -1,
             cv::LINE_AA);
  cv::rectangle(img, cv::Rect(width * 2 / 3, height / 3, height / 3, height / 3),
                cv::Scalar(0, 230, 255), -1);
  return img;
}

cv::Mat render_qr(const std::string& payload, int module_px) {
  auto encoder = cv::QRCodeEncoder::create();
  cv::Mat code;
  encoder->encode(payload, code);
  cv::Mat big;
  cv::resize(code, big, cv::Size(), module_px, module_px, cv::INTER_NEAREST);
  cv::Mat padded;
  cv::copyMakeBorder(big, padded, module_px * 4, module_px * 4, module_px * 4, module_px * 4,
                     cv::BORDER_CONSTANT, cv::Scalar(255));
  cv::Mat bgr;
  cv::cvtColor(padded, bgr, cv::COLOR_GRAY2BGR);
  return bgr;
}

Analyzer& shared_analyzer() {
  static Analyzer analyzer;
  return analyzer;
}

Analyzer& analyzer_without_models() {
  static Analyzer analyzer([] {
    AnalyzerOptions o;
    o.resources.model_dir = "/nonexistent/vision-models";
    return o;
  }());
  return analyzer;
}

}  // namespace l402d::engines::vision::testing
