#pragma once

// Standing or walking people (full bodies) with OpenCV's HOG pedestrian SVM.
// The detector fires on railings, trees and text at low scores, so only
// detections above a high SVM margin are kept; people are otherwise counted
// through their faces (faces.hpp). Missing a person is acceptable, inventing
// one is not.

#include <opencv2/core/mat.hpp>
#include <vector>

#include "engines/vision/resources.hpp"

namespace l402d::engines::vision {

struct Body {
  cv::Rect box;  // in the coordinates of the image given to detect_people
  double score = 0.0;
};

struct PeopleOptions {
  double min_score = 1.0;  // SVM margin; false positives measured below 0.8
};

std::vector<Body> detect_people(const cv::Mat& gray, Detectors& detectors,
                                const PeopleOptions& options = {});

}  // namespace l402d::engines::vision
