#pragma once

// Where text is in a photo (signs, labels, shop fronts) with PaddleOCR's
// PP-OCRv4 detector (DBNet) through OpenCV DNN, at one fixed letterboxed size
// (models/fix_text_detector.py). Reading the boxes is scene_text.hpp's job.
//
// Thread-safety as ObjectDetector: Nets leased from a Pool (one by default).

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <string>
#include <vector>

#include "engines/vision/db_postprocess.hpp"
#include "engines/vision/pool.hpp"

namespace l402d::engines::vision {

class TextDetector {
 public:
  // `input_size` must be the size the model was fixed to at set-up.
  TextDetector(const std::string& onnx_path, int input_size, std::size_t max_instances);

  // Rotated boxes around words or lines, in the coordinates of `bgr`.
  std::vector<cv::RotatedRect> detect(const cv::Mat& bgr, const DbOptions& options = {});

 private:
  int input_size_;
  Pool<cv::dnn::Net> nets_;
};

}  // namespace l402d::engines::vision
