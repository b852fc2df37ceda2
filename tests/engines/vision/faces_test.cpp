#include "engines/vision/faces.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "engines/vision/people.hpp"
#include "vision_fixtures.hpp"

namespace l402d::engines::vision {
namespace {

using testing::load_fixture;
using testing::shared_analyzer;

cv::Mat gray_of(const cv::Mat& bgr) {
  cv::Mat g;
  cv::cvtColor(bgr, g, cv::COLOR_BGR2GRAY);
  return g;
}

std::vector<Face> faces_in(const cv::Mat& bgr) {
  auto d = shared_analyzer().resources().detectors();
  return detect_faces(gray_of(bgr), *d);
}

std::vector<Body> bodies_in(const cv::Mat& bgr) {
  auto d = shared_analyzer().resources().detectors();
  return detect_people(gray_of(bgr), *d, shared_analyzer().options().people);
}

TEST(Faces, AstronautHasOneFaceWithEyes) {
  const cv::Mat img = load_fixture("astronaut.jpg");
  auto faces = faces_in(img);
  ASSERT_EQ(faces.size(), 1u);
  EXPECT_GE(faces[0].eyes, 1);
  // Eileen Collins' face is in the upper middle of the frame.
  const double cx = (faces[0].box.x + faces[0].box.width / 2.0) / img.cols;
  EXPECT_GT(cx, 0.3);
  EXPECT_LT(cx, 0.7);
}

TEST(Faces, TwoPortraitsSideBySideGiveTwoFaces) {
  const cv::Mat a = load_fixture("astronaut.jpg");
  cv::Mat both;
  cv::hconcat(a, a, both);
  EXPECT_EQ(faces_in(both).size(), 2u);
}

TEST(Faces, NoFacesWhereThereAreNone) {
  for (const std::string name : {"chelsea.jpg", "coffee.jpg", "rocket.jpg"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(faces_in(load_fixture(name)).size(), 0u);
    EXPECT_EQ(bodies_in(load_fixture(name)).size(), 0u);
  }
  EXPECT_EQ(faces_in(testing::render_shapes()).size(), 0u);
  EXPECT_EQ(faces_in(testing::render_text({"Quarterly report", "Revenue grew 12%"}, 900)).size(),
            0u);
  EXPECT_EQ(bodies_in(testing::render_text({"Quarterly report", "Revenue grew 12%"}, 900)).size(),
            0u);
}

TEST(Faces, DarkAndSmallCopiesStillFound) {
  const cv::Mat a = load_fixture("astronaut.jpg");
  cv::Mat dim = a * 0.45;
  EXPECT_EQ(faces_in(dim).size(), 1u);
  cv::Mat small;
  cv::resize(a, small, cv::Size(256, 256), 0, 0, cv::INTER_AREA);
  EXPECT_EQ(faces_in(small).size(), 1u);
}

}  // namespace
}  // namespace l402d::engines::vision
