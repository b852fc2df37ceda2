#pragma once

// Frontal faces with eyes and smiles. A face is only reported when two
// independent detectors agree or when eyes are found inside it: cascades fire
// on textures (fur, foliage, fabric), and a false "there is a person" is worse
// for the buyer than a missed face.

#include <opencv2/core/mat.hpp>
#include <vector>

#include "engines/vision/resources.hpp"

namespace l402d::engines::vision {

struct Face {
  cv::Rect box;  // in the coordinates of the image given to detect_faces
  int eyes = 0;
  bool smiling = false;
};

// `gray` is the 8-bit luminance of the image at analysis scale.
std::vector<Face> detect_faces(const cv::Mat& gray, Detectors& detectors);

}  // namespace l402d::engines::vision
