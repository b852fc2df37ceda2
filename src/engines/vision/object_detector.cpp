#include "engines/vision/object_detector.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <opencv2/imgproc.hpp>
#include <stdexcept>

#include "engines/vision/coco_labels.hpp"
#include "engines/vision/letterbox.hpp"

namespace l402d::engines::vision {

namespace {

constexpr int kInput = 416;
constexpr int kBins = 11;  // the head's distance distribution: 0..10 strides
constexpr int kStrides[] = {8, 16, 32};
const std::vector<std::string> kOutputs{"head8", "head16", "head32"};

// The file is read when a Net is built, not kept: with one Net per model
// (ResourceOptions::dnn_instances) that is once per process, and 20 MB of
// ONNX bytes held for nothing would count against the memory budget.
void require_file(const std::string& path) {
  if (!std::ifstream(path, std::ios::binary))
    throw std::runtime_error("vision: missing model " + path);
}

cv::dnn::Net load_net(const std::string& path) {
  require_file(path);
  cv::dnn::Net net = cv::dnn::readNetFromONNX(path);
  net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  return net;
}

// NanoDet's own normalisation: BGR, ImageNet means and deviations in 0-255.
cv::Mat to_blob(const cv::Mat& letterboxed) {
  cv::Mat f;
  letterboxed.convertTo(f, CV_32F);
  cv::subtract(f, cv::Scalar(103.53, 116.28, 123.675), f);
  cv::divide(f, cv::Scalar(57.375, 57.12, 58.395), f);
  return cv::dnn::blobFromImage(f);
}

// The expected distance of one side: the head predicts a distribution over
// kBins integer distances (Generalized Focal Loss); its mean is the distance.
float expected_distance(const float* logits, int plane) {
  float m = logits[0];
  for (int b = 1; b < kBins; ++b)
    m = std::max(m, logits[b * plane]);
  float sum = 0.f, acc = 0.f;
  for (int b = 0; b < kBins; ++b) {
    const float e = std::exp(logits[b * plane] - m);
    sum += e;
    acc += e * static_cast<float>(b);
  }
  return acc / sum;
}

void decode_level(const cv::Mat& head, int stride, const Letterbox& lb, float min_score,
                  std::vector<Detection>& out) {
  const int grid = kInput / stride;
  const int plane = grid * grid;
  const auto* d = reinterpret_cast<const float*>(head.data);
  const float min_logit = std::log(min_score / (1.f - min_score));
  for (int i = 0; i < plane; ++i) {
    int best = 0;
    float best_logit = d[i];
    for (int c = 1; c < static_cast<int>(kCocoClasses); ++c) {
      const float v = d[c * plane + i];
      if (v > best_logit) best_logit = v, best = c;
    }
    if (best_logit < min_logit) continue;
    const float* reg = d + kCocoClasses * plane + i;
    float dist[4];
    for (int side = 0; side < 4; ++side)
      dist[side] = expected_distance(reg + side * kBins * plane, plane) * stride;
    const float cx = (static_cast<float>(i % grid) + 0.5f) * stride;
    const float cy = (static_cast<float>(i / grid) + 0.5f) * stride;
    const cv::Rect2f in_input(cv::Point2f(cx - dist[0], cy - dist[1]),
                              cv::Point2f(cx + dist[2], cy + dist[3]));
    Detection det;
    det.cls = best;
    det.score = 1.f / (1.f + std::exp(-best_logit));
    det.box = lb.to_source(in_input);
    if (det.box.area() > 0) out.push_back(det);
  }
}

std::vector<Detection> suppress(std::vector<Detection> all, const ObjectDetectorOptions& o) {
  std::sort(all.begin(), all.end(),
            [](const Detection& a, const Detection& b) { return a.score > b.score; });
  std::vector<Detection> kept;
  for (const auto& d : all) {
    bool overlapped = false;
    for (const auto& k : kept) {
      const double inter = (d.box & k.box).area();
      const double iou = inter / (d.box.area() + k.box.area() - inter);
      if ((k.cls == d.cls && iou > o.nms_iou) || iou > o.cross_class_iou) {
        overlapped = true;
        break;
      }
    }
    if (!overlapped) kept.push_back(d);
  }
  return kept;
}

}  // namespace

ObjectDetector::ObjectDetector(const std::string& onnx_path, std::size_t max_instances)
    : nets_([onnx_path] { return std::make_unique<cv::dnn::Net>(load_net(onnx_path)); },
            max_instances) {
  // Build one now: a file that does not load fails at start-up.
  auto warm = nets_.acquire();
}

std::vector<Detection> ObjectDetector::detect(const cv::Mat& bgr,
                                              const ObjectDetectorOptions& options) {
  if (bgr.empty()) return {};
  const Letterbox lb = letterbox(bgr, kInput, cv::Scalar(114, 114, 114));
  std::vector<cv::Mat> heads;
  {
    auto net = nets_.acquire();
    net->setInput(to_blob(lb.image));
    net->forward(heads, kOutputs);
    // The heads may share the net's own output buffers, which the next
    // borrower overwrites: copied before the net goes back to the pool.
    for (auto& head : heads)
      head = head.clone();
  }
  std::vector<Detection> all;
  for (std::size_t k = 0; k < heads.size(); ++k)
    decode_level(heads[k], kStrides[k], lb, options.min_score, all);
  for (auto& d : all)
    d.box &= cv::Rect(0, 0, bgr.cols, bgr.rows);
  return suppress(std::move(all), options);
}

}  // namespace l402d::engines::vision
