#include "engines/vision/people.hpp"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace l402d::engines::vision {

namespace {
// The HOG window is 128 px tall, so at 512 px a person must fill about a quarter
// of the frame; smaller figures are too uncertain to report anyway. 35 ms.
constexpr int kWorkLongSide = 512;
}  // namespace

std::vector<Body> detect_people(const cv::Mat& gray, Detectors& d, const PeopleOptions& options) {
  std::vector<Body> bodies;
  if (gray.empty()) return bodies;
  const double f =
      std::min(1.0, static_cast<double>(kWorkLongSide) / std::max(gray.cols, gray.rows));
  cv::Mat work;
  if (f < 1.0)
    cv::resize(gray, work, cv::Size(), f, f, cv::INTER_AREA);
  else
    work = gray;
  if (work.cols < 64 || work.rows < 128) return bodies;
  std::vector<cv::Rect> found;
  std::vector<double> weights;
  d.people.detectMultiScale(work, found, weights, 0.0, cv::Size(8, 8), cv::Size(16, 16), 1.1, 2.0);
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (i >= weights.size() || weights[i] < options.min_score) continue;
    const cv::Rect& r = found[i];
    bodies.push_back(
        {cv::Rect(cvRound(r.x / f), cvRound(r.y / f), cvRound(r.width / f), cvRound(r.height / f)),
         weights[i]});
  }
  std::sort(bodies.begin(), bodies.end(),
            [](const Body& a, const Body& b) { return a.box.x < b.box.x; });
  return bodies;
}

}  // namespace l402d::engines::vision
