#include "engines/vision/colors.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "vision_fixtures.hpp"

namespace l402d::engines::vision {
namespace {

TEST(Colors, NamesEverydayColours) {
  EXPECT_EQ(color_name({0, 0, 255}), "red");
  EXPECT_EQ(color_name({255, 0, 0}), "blue");
  EXPECT_EQ(color_name({0, 200, 0}), "green");
  EXPECT_EQ(color_name({0, 235, 255}), "yellow");
  EXPECT_EQ(color_name({0, 140, 255}), "orange");
  EXPECT_EQ(color_name({0, 0, 0}), "black");
  EXPECT_EQ(color_name({255, 255, 255}), "white");
  EXPECT_EQ(color_name({128, 128, 128}), "grey");
  EXPECT_EQ(color_name({128, 0, 0}), "navy blue");
  EXPECT_EQ(color_name({128, 0, 128}), "purple");
  EXPECT_EQ(color_name({200, 160, 255}), "pink");
  EXPECT_EQ(color_name({30, 80, 140}), "brown");
}

TEST(Colors, DominantColoursOfShapes) {
  const auto colors = dominant_colors(testing::render_shapes());
  ASSERT_GE(colors.size(), 3u);
  EXPECT_EQ(colors[0].name, "blue");
  EXPECT_GT(colors[0].share, 0.6);
  EXPECT_EQ(colors[1].name, "red");
  EXPECT_NEAR(colors[1].share, 3.14159 * 120 * 120 / (640.0 * 480.0), 0.03);
  EXPECT_EQ(colors[2].name, "yellow");
}

TEST(Colors, SingleColourImage) {
  const cv::Mat green(200, 300, CV_8UC3, cv::Scalar(0, 200, 0));
  const auto colors = dominant_colors(green);
  ASSERT_EQ(colors.size(), 1u);
  EXPECT_EQ(colors[0].name, "green");
  EXPECT_NEAR(colors[0].share, 1.0, 1e-9);
}

TEST(Colors, Deterministic) {
  const cv::Mat img = testing::load_fixture("coffee.jpg");
  const auto a = dominant_colors(img);
  const auto b = dominant_colors(img);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].share, b[i].share);
  }
}

}  // namespace
}  // namespace l402d::engines::vision
