#pragma once

// Objects of the 80 COCO classes with NanoDet-m (416 x 416, converted once at
// set-up from human-models' TF.js graph by models/tfjs_to_onnx.py) through
// OpenCV DNN. About 80 ms per image on one core.
//
// Thread-safety: a cv::dnn::Net keeps its activations inside, so one forward
// pass at a time per Net. Nets are leased from a Pool like the cascades
// (resources.hpp); by default there is one, built at start-up and shared by
// every worker thread.

#include <memory>
#include <opencv2/core/mat.hpp>
#include <opencv2/dnn.hpp>
#include <string>
#include <vector>

#include "engines/vision/pool.hpp"

namespace l402d::engines::vision {

struct Detection {
  int cls = 0;        // COCO class (coco_labels.hpp)
  float score = 0.f;  // 0-1, the model's class score
  cv::Rect box;       // in the coordinates of the image given to detect()
};

struct ObjectDetectorOptions {
  // Below this nothing is reported at all; answers hedge up to
  // `confident_score` (see answer.cpp). Chosen on the darknet and
  // scikit-image photos (tests/engines/vision/objects_test.cpp): at 0.35 no
  // object was claimed on the photos without any, and the objects a person
  // names first were found.
  float min_score = 0.35f;
  float nms_iou = 0.5f;
  // Two classes on one box (horse/cow): the weaker is dropped above this overlap.
  float cross_class_iou = 0.7f;
};

class ObjectDetector {
 public:
  // Throws std::runtime_error when the file is missing or does not load.
  ObjectDetector(const std::string& onnx_path, std::size_t max_instances);

  std::vector<Detection> detect(const cv::Mat& bgr, const ObjectDetectorOptions& options = {});

 private:
  Pool<cv::dnn::Net> nets_;
};

}  // namespace l402d::engines::vision
