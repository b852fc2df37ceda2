#include "api/verified_images.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "api/vision_request.hpp"
#include "util/base64.hpp"

namespace l402d::api {
namespace {

engines::vision::ImageProbe probe_of(int side) {
  return {engines::vision::ImageFormat::png, side, side};
}

TEST(VerifiedImages, RemembersByTheExactTextAndForgetsTheOldest) {
  VerifiedImages images(2);
  images.remember("aaaa", probe_of(1));
  images.remember("bbbb", probe_of(2));
  ASSERT_TRUE(images.find("aaaa"));
  EXPECT_EQ(images.find("bbbb")->width, 2);
  EXPECT_FALSE(images.find("aaab"));
  images.remember("cccc", probe_of(3));
  EXPECT_EQ(images.size(), 2u);
  EXPECT_FALSE(images.find("aaaa")) << "the oldest goes first";
  EXPECT_TRUE(images.find("cccc"));
}

TEST(VerifiedImages, AnImageThatPassedIsNotDecodedAgainButStillMeetsTheLimits) {
  cv::Mat image(600, 600, CV_8UC3, cv::Scalar(10, 200, 30));
  std::vector<std::uint8_t> png;
  cv::imencode(".png", image, png);
  const std::string field = "data:image/png;base64," + base64_encode(png);
  boost::json::object body{{"image", field}, {"model", "Vision Chat"}};

  engines::vision::InputLimits limits;
  EXPECT_TRUE(vision_decode_is_costly(body, limits)) << "600x600 decodes off the I/O thread";
  ASSERT_TRUE(parse_vision_request(body, limits));
  EXPECT_TRUE(verified_images().find(field));
  EXPECT_FALSE(vision_decode_is_costly(body, limits)) << "verified: nothing left to decode";
  auto again = parse_vision_request(body, limits);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->width, 600);

  limits.max_pixels = 100 * 100;
  auto refused = parse_vision_request(body, limits);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "image_too_many_pixels");
}

}  // namespace
}  // namespace l402d::api
