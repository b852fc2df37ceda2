// Without the converted models (set-up not run) the engine still starts and
// says in its answers what it cannot do.

#include <gtest/gtest.h>

#include "engines/vision/builtin_engine.hpp"
#include "vision_fixtures.hpp"

namespace l402d::engines::vision {
namespace {

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(NoModels, EngineStartsAndSaysWhatItCannotDo) {
  Analyzer& a = testing::analyzer_without_models();
  EXPECT_EQ(a.resources().objects(), nullptr);
  EXPECT_EQ(a.resources().text_boxes(), nullptr);
  ASSERT_EQ(a.resources().model_problems().size(), 2u);
  EXPECT_TRUE(contains(a.resources().model_problems()[0], "nanodet-m-416.onnx"));

  const auto img = testing::decode_fixture("darknet_dog.jpg");
  const auto objects = a.answer(img, "What objects are in this image?");
  EXPECT_TRUE(contains(objects, "model files are not installed")) << objects;
  const auto dog = a.answer(img, "Is there a dog?");
  EXPECT_TRUE(contains(dog, "I can't tell")) << dog;
  const auto described = a.answer(img, "Describe this image");
  EXPECT_TRUE(contains(described, "not installed")) << described;
  EXPECT_TRUE(contains(described, "The main colours are")) << described;
}

TEST(NoModels, PageTextIsStillRead) {
  const cv::Mat page = testing::render_text({"Offline answers still work"}, 900);
  const auto a =
      testing::analyzer_without_models().answer(testing::as_decoded(page), "What does it say?");
  EXPECT_TRUE(contains(a, "Offline answers still work")) << a;
}

}  // namespace
}  // namespace l402d::engines::vision
