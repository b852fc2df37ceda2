#include "engines/vision/qr.hpp"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace l402d::engines::vision {

namespace {

cv::Mat scaled(const cv::Mat& gray, int long_side) {
  const double f = static_cast<double>(long_side) / std::max(gray.cols, gray.rows);
  if (f >= 1.0) return gray;
  cv::Mat out;
  cv::resize(gray, out, cv::Size(), f, f, cv::INTER_AREA);
  return out;
}

// The candidate's bounding box grown by half its size on each side (the quiet
// zone, and corners the finder placed a little inside the code).
cv::Mat around(const cv::Mat& gray, const std::vector<cv::Point2f>& corners) {
  const cv::Rect box = cv::boundingRect(corners);
  const int mx = box.width / 2 + 8, my = box.height / 2 + 8;
  const cv::Rect grown(box.x - mx, box.y - my, box.width + 2 * mx, box.height + 2 * my);
  return gray(grown & cv::Rect(0, 0, gray.cols, gray.rows));
}

}  // namespace

std::vector<std::string> read_qr_codes(const cv::Mat& gray, Detectors& d) {
  std::vector<std::string> out;
  if (gray.empty() || !d.qr) return out;
  // WeChat is quick when a code is present (about 10 ms) but searches for up to
  // 200 ms at 1600 px when there is none, which is the common case. Finder
  // patterns are cheap to look for, so the full-resolution decode only runs
  // where they are: on the candidate with a margin, not the whole frame
  // (WeChat needs ~35 bytes per pixel it is given, 70 MB at 1600 x 1200,
  // which four concurrent requests cannot afford; a candidate larger than
  // 800 px has modules big enough to shrink). A 600 px pass of the
  // whole frame still catches large codes the finder search misses.
  std::vector<cv::Point2f> corners;
  const bool candidate = d.qr_finder.detect(gray, corners) && !corners.empty();
  std::vector<std::string> found;
  try {
    if (candidate) found = d.qr->detectAndDecode(scaled(around(gray, corners), 800));
    if (found.empty()) found = d.qr->detectAndDecode(scaled(gray, 600));
  } catch (const cv::Exception&) {
    return out;  // a decoder failure means "no readable code", not a failed request
  }
  for (auto& s : found) {
    if (s.empty() || std::find(out.begin(), out.end(), s) != out.end()) continue;
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace l402d::engines::vision
