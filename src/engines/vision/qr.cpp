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

}  // namespace

std::vector<std::string> read_qr_codes(const cv::Mat& gray, Detectors& d) {
  std::vector<std::string> out;
  if (gray.empty() || !d.qr) return out;
  // WeChat is quick when a code is present (about 10 ms) but searches for up to
  // 200 ms at 1600 px when there is none, which is the common case. Finder
  // patterns are cheap to look for, so the full-resolution decode only runs
  // when they are there; a 600 px pass still catches large codes the finder
  // search misses.
  std::vector<cv::Point2f> corners;
  const bool candidate = d.qr_finder.detect(gray, corners);
  std::vector<std::string> found;
  try {
    found = d.qr->detectAndDecode(candidate ? gray : scaled(gray, 600));
    if (found.empty() && candidate) found = d.qr->detectAndDecode(scaled(gray, 600));
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
