#include "engines/vision/faces.hpp"

#include <algorithm>
#include <opencv2/imgproc.hpp>

namespace l402d::engines::vision {

namespace {

// Haar cost grows with area; at 640 px a face of 1/20 of the short side is
// still above the 24 px the cascade needs, and the search stays near 100 ms.
constexpr int kWorkLongSide = 640;
constexpr double kScaleStep = 1.25;

double iou(const cv::Rect& a, const cv::Rect& b) {
  const double inter = (a & b).area();
  const double uni = a.area() + b.area() - inter;
  return uni > 0 ? inter / uni : 0.0;
}

}  // namespace

std::vector<Face> detect_faces(const cv::Mat& gray, Detectors& d) {
  std::vector<Face> faces;
  if (gray.empty()) return faces;
  const double f =
      std::min(1.0, static_cast<double>(kWorkLongSide) / std::max(gray.cols, gray.rows));
  cv::Mat work;
  if (f < 1.0)
    cv::resize(gray, work, cv::Size(), f, f, cv::INTER_AREA);
  else
    work = gray;
  cv::Mat eq;
  cv::equalizeHist(work, eq);

  const int min_side = std::max(24, std::min(eq.cols, eq.rows) / 20);
  std::vector<cv::Rect> proposals;
  d.face.detectMultiScale(eq, proposals, kScaleStep, 5, 0, cv::Size(min_side, min_side));
  if (proposals.empty()) return faces;
  std::vector<cv::Rect> second;
  d.face_confirm.detectMultiScale(eq, second, kScaleStep, 3, 0, cv::Size(min_side, min_side));

  for (const auto& r : proposals) {
    Face face;
    const bool confirmed = std::any_of(second.begin(), second.end(),
                                       [&](const cv::Rect& s) { return iou(r, s) > 0.3; });
    // Eyes sit in the upper part of a frontal face.
    const cv::Rect upper(r.x, r.y + r.height / 8, r.width, r.height / 2);
    std::vector<cv::Rect> eyes;
    const int min_eye = std::max(8, r.width / 8);
    d.eyes.detectMultiScale(eq(upper), eyes, 1.1, 4, 0, cv::Size(min_eye, min_eye),
                            cv::Size(r.width / 2, r.width / 2));
    face.eyes = static_cast<int>(std::min<std::size_t>(eyes.size(), 2));
    if (!confirmed && face.eyes == 0) continue;
    // The smile cascade fires on any dark horizontal band, so it needs many
    // neighbours and only searches the lower third of the face.
    const cv::Rect lower(r.x, r.y + r.height * 2 / 3, r.width, r.height / 3);
    std::vector<cv::Rect> smiles;
    d.smile.detectMultiScale(eq(lower), smiles, 1.1, 25, 0,
                             cv::Size(std::max(10, r.width / 4), std::max(5, r.height / 12)));
    face.smiling = !smiles.empty();
    face.box =
        cv::Rect(cvRound(r.x / f), cvRound(r.y / f), cvRound(r.width / f), cvRound(r.height / f));
    faces.push_back(face);
  }
  // Left to right, so descriptions and counts are stable.
  std::sort(faces.begin(), faces.end(),
            [](const Face& a, const Face& b) { return a.box.x < b.box.x; });
  return faces;
}

}  // namespace l402d::engines::vision
