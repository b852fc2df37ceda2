#pragma once

// Text boxes from a DBNet probability map (PaddleOCR's post-process in short:
// threshold, contours, minimum-area rectangle, score, unclip). OpenCV 4.6's
// TextDetectionModel_DB found no boxes with the PP-OCRv4 detector, so this is
// done here.

#include <opencv2/core.hpp>
#include <vector>

namespace l402d::engines::vision {

struct DbOptions {
  float threshold = 0.3f;      // pixel is text
  float box_threshold = 0.6f;  // mean probability inside a kept box
  float unclip_ratio = 1.6f;   // DBNet shrinks text regions in training; grow back
  float min_side = 4.f;        // in map pixels
  int max_boxes = 40;
};

struct TextBox {
  cv::RotatedRect rect;  // in map pixels, grown by the unclip ratio
  float score = 0.f;
};

std::vector<TextBox> db_boxes(const cv::Mat& probability, const DbOptions& options = {});

}  // namespace l402d::engines::vision
