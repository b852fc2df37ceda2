#include "engines/vision/text_detector.hpp"

#include <fstream>
#include <stdexcept>

#include "engines/vision/letterbox.hpp"

namespace l402d::engines::vision {

namespace {

// The file is read when a Net is built, not kept: with one Net per model
// (ResourceOptions::dnn_instances) that is once per process, and 20 MB of
// ONNX bytes held for nothing would count against the memory budget.
void require_file(const std::string& path) {
  if (!std::ifstream(path, std::ios::binary))
    throw std::runtime_error("vision: missing model " + path);
}

// PaddleOCR's detector normalisation, applied to OpenCV's BGR order as
// PaddleOCR itself does (it reads images with cv2).
cv::Mat to_blob(const cv::Mat& letterboxed) {
  cv::Mat f;
  letterboxed.convertTo(f, CV_32F, 1.0 / 255.0);
  cv::subtract(f, cv::Scalar(0.485, 0.456, 0.406), f);
  cv::divide(f, cv::Scalar(0.229, 0.224, 0.225), f);
  return cv::dnn::blobFromImage(f);
}

}  // namespace

TextDetector::TextDetector(const std::string& onnx_path, int input_size, std::size_t max_instances)
    : input_size_(input_size),
      nets_(
          [onnx_path] {
            require_file(onnx_path);
            return std::make_unique<cv::dnn::Net>(cv::dnn::readNetFromONNX(onnx_path));
          },
          max_instances) {
  auto warm = nets_.acquire();
}

std::vector<cv::RotatedRect> TextDetector::detect(const cv::Mat& bgr, const DbOptions& options) {
  if (bgr.empty()) return {};
  const Letterbox lb = letterbox(bgr, input_size_, cv::Scalar(0, 0, 0));
  cv::Mat out;
  {
    auto net = nets_.acquire();
    net->setInput(to_blob(lb.image));
    // forward() answers with the net's own output buffer, which the next
    // borrower overwrites: copied before the net goes back to the pool.
    out = net->forward().clone();
  }
  // [1, 1, H, W] -> H x W probabilities.
  const cv::Mat prob(out.size[2], out.size[3], CV_32F, out.ptr<float>());
  std::vector<cv::RotatedRect> boxes;
  const auto s = static_cast<float>(lb.scale);
  for (const auto& b : db_boxes(prob, options)) {
    cv::RotatedRect r = b.rect;
    r.center = cv::Point2f(r.center.x / s, r.center.y / s);
    r.size = cv::Size2f(r.size.width / s, r.size.height / s);
    boxes.push_back(r);
  }
  return boxes;
}

}  // namespace l402d::engines::vision
