#include "engines/vision/db_postprocess.hpp"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace l402d::engines::vision {

namespace {

// Mean probability under the contour: a box around a faint blob is noise.
float contour_score(const cv::Mat& prob, const std::vector<cv::Point>& contour) {
  const cv::Rect bb = cv::boundingRect(contour) & cv::Rect(0, 0, prob.cols, prob.rows);
  if (bb.area() == 0) return 0.f;
  cv::Mat mask = cv::Mat::zeros(bb.size(), CV_8U);
  std::vector<std::vector<cv::Point>> shifted{contour};
  for (auto& p : shifted[0])
    p -= bb.tl();
  cv::fillPoly(mask, shifted, cv::Scalar(1));
  return static_cast<float>(cv::mean(prob(bb), mask)[0]);
}

// DBNet's unclip: offset the polygon outwards by area * ratio / perimeter.
// For a rectangle that is growing each side by that distance.
cv::RotatedRect unclip(const cv::RotatedRect& r, float ratio) {
  const float area = r.size.area();
  const float perimeter = 2.f * (r.size.width + r.size.height);
  if (perimeter <= 0.f) return r;
  const float d = area * ratio / perimeter;
  return {r.center, cv::Size2f(r.size.width + 2 * d, r.size.height + 2 * d), r.angle};
}

}  // namespace

std::vector<TextBox> db_boxes(const cv::Mat& probability, const DbOptions& options) {
  cv::Mat binary = probability > options.threshold;
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(binary, contours, cv::RETR_LIST, cv::CHAIN_APPROX_SIMPLE);
  std::vector<TextBox> boxes;
  for (const auto& c : contours) {
    if (c.size() < 4) continue;
    const cv::RotatedRect r = cv::minAreaRect(c);
    if (std::min(r.size.width, r.size.height) < options.min_side / 2) continue;
    const float score = contour_score(probability, c);
    if (score < options.box_threshold) continue;
    const cv::RotatedRect grown = unclip(r, options.unclip_ratio);
    if (std::min(grown.size.width, grown.size.height) < options.min_side) continue;
    boxes.push_back({grown, score});
  }
  // Keep the largest when there are too many: big text is what a sign says.
  std::sort(boxes.begin(), boxes.end(), [](const TextBox& a, const TextBox& b) {
    return a.rect.size.area() > b.rect.size.area();
  });
  if (static_cast<int>(boxes.size()) > options.max_boxes) boxes.resize(options.max_boxes);
  return boxes;
}

}  // namespace l402d::engines::vision
