#pragma once

// Reads text in photos: the detector's boxes (text_detector.hpp), each
// straightened and read by Tesseract as one line. Whole-page Tesseract
// (text.hpp) reads documents well but finds nothing on most street signs,
// because its page layout analysis expects a page.

#include <opencv2/core.hpp>
#include <vector>

#include "engines/vision/resources.hpp"
#include "engines/vision/text.hpp"

namespace l402d::engines::vision {

// `boxes` in the coordinates of `gray`. Words below the options' confidence
// are dropped as in read_text.
TextReading read_scene_text(const cv::Mat& gray, const std::vector<cv::RotatedRect>& boxes,
                            Ocr& ocr, const TextOptions& options = {});

}  // namespace l402d::engines::vision
