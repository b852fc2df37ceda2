#include "engines/vision/answer.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace l402d::engines::vision {
namespace {

bool has(const Intent& i, Topic t) {
  return std::find(i.topics.begin(), i.topics.end(), t) != i.topics.end();
}

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

Cues plain_cues() {
  Cues c;
  c.computed = Needs::all();
  c.format = "JPEG";
  c.geometry = measure_geometry(1200, 800);
  c.analysis_width = 1200;
  c.analysis_height = 800;
  c.objects_available = true;
  c.colors = {{"blue", 0.7, {255, 0, 0}}, {"white", 0.3, {255, 255, 255}}};
  c.quality.brightness = 0.5;
  c.quality.contrast = 0.2;
  c.quality.saturation = 0.3;
  return c;
}

TEST(Intent, DefaultPromptDescribes) {
  EXPECT_TRUE(has(classify_prompt(""), Topic::describe));
  EXPECT_TRUE(has(classify_prompt("What's in this image?"), Topic::describe));
  EXPECT_FALSE(classify_prompt("What's in this image?").beyond);
  EXPECT_TRUE(has(classify_prompt("Describe the picture"), Topic::describe));
}

TEST(Intent, Topics) {
  EXPECT_TRUE(has(classify_prompt("What does the text say?"), Topic::text));
  EXPECT_TRUE(has(classify_prompt("Can you read the sign?"), Topic::text));
  EXPECT_TRUE(has(classify_prompt("How many people are there?"), Topic::people));
  EXPECT_TRUE(has(classify_prompt("how many faces"), Topic::people));
  EXPECT_TRUE(has(classify_prompt("What colours are used?"), Topic::colors));
  EXPECT_TRUE(has(classify_prompt("What color is it"), Topic::colors));
  EXPECT_TRUE(has(classify_prompt("Is it blurry?"), Topic::focus));
  EXPECT_TRUE(has(classify_prompt("Is the photo too dark?"), Topic::lighting));
  EXPECT_TRUE(has(classify_prompt("What does the QR code contain?"), Topic::qr));
  EXPECT_TRUE(has(classify_prompt("What is the resolution?"), Topic::size));
  EXPECT_TRUE(has(classify_prompt("Is it landscape or portrait?"), Topic::size));
  const auto both = classify_prompt("Is it blurry and what colours does it have?");
  EXPECT_TRUE(has(both, Topic::focus));
  EXPECT_TRUE(has(both, Topic::colors));
  EXPECT_FALSE(both.beyond);
}

TEST(Intent, BeyondReach) {
  EXPECT_TRUE(classify_prompt("What breed is this dog?").beyond);
  EXPECT_FALSE(classify_prompt("What objects are in this image?").beyond);
  EXPECT_TRUE(has(classify_prompt("What objects are in this image?"), Topic::objects));
  EXPECT_TRUE(classify_prompt("Who is this?").who);
  EXPECT_TRUE(classify_prompt("qwerty zxcv").beyond);
}

TEST(Answer, BeyondReachSaysSoAndNamesNothingItCannotSee) {
  const Intent i = classify_prompt("What breed is this dog?");
  const std::string a = compose_answer(i, plain_cues());
  EXPECT_TRUE(contains(a, "can't answer that precisely")) << a;
  EXPECT_TRUE(contains(a, "vision model can be configured")) << a;
  EXPECT_TRUE(contains(a, "I can't see any dogs")) << a;  // what it can tell
  EXPECT_FALSE(contains(a, "breed is")) << a;
}

TEST(Answer, TextAnswers) {
  Cues c = plain_cues();
  const Intent i = classify_prompt("What does the text say?");
  EXPECT_EQ(compose_answer(i, c), "I can't find any readable text in this image.");
  c.text.text = "OPEN\n9 TO 5";
  c.text.words = {{"OPEN", 95}, {"9", 94}, {"TO", 96}, {"5", 93}};
  c.text.mean_confidence = 94.5f;
  EXPECT_EQ(compose_answer(i, c), "The text reads: \"OPEN 9 TO 5\".");
}

TEST(Answer, PeopleAnswers) {
  Cues c = plain_cues();
  const Intent i = classify_prompt("How many people are in the photo?");
  EXPECT_TRUE(contains(compose_answer(i, c), "can't see any people"));
  Face f;
  f.box = cv::Rect(540, 100, 120, 120);
  f.smiling = true;
  c.faces = {f};
  EXPECT_EQ(compose_answer(i, c),
            "I can see one person, whose face is in the centre of the picture and who appears to "
            "be smiling.");
  f.smiling = false;
  f.box.x = 50;
  c.faces.push_back(f);
  EXPECT_TRUE(contains(compose_answer(i, c), "I can see two people (two faces detected)."));
}

TEST(Answer, WhoIsThisDoesNotIdentify) {
  Cues c = plain_cues();
  c.faces = {Face{cv::Rect(500, 100, 100, 100), 2, false}};
  const std::string a = compose_answer(classify_prompt("Who is this person?"), c);
  EXPECT_TRUE(contains(a, "can't tell who anyone is")) << a;
  EXPECT_TRUE(contains(a, "one person")) << a;
}

TEST(Answer, QualitySizeAndQr) {
  Cues c = plain_cues();
  c.quality.focus = Focus::blurry;
  c.quality.exposure = Exposure::very_dark;
  c.quality.brightness = 0.08;
  EXPECT_TRUE(contains(compose_answer(classify_prompt("Is it blurry?"), c), "looks blurry"));
  EXPECT_TRUE(contains(compose_answer(classify_prompt("Is it too dark?"), c),
                       "very dark (average brightness 8%)"));
  EXPECT_EQ(compose_answer(classify_prompt("What size is the image?"), c),
            "The image is 1200 x 800 pixels (1.0 megapixels), in landscape orientation, with a "
            "3:2 aspect ratio.");
  EXPECT_EQ(compose_answer(classify_prompt("Read the QR code"), c),
            "I can't find a readable QR code in this image.");
  c.qr_codes = {"https://example.com"};
  EXPECT_EQ(compose_answer(classify_prompt("Read the QR code"), c),
            "It contains a QR code that reads \"https://example.com\".");
}

TEST(Answer, DescriptionOfAnEmptySceneClaimsNothing) {
  const std::string a = compose_answer(classify_prompt("What's in this image?"), plain_cues());
  EXPECT_TRUE(contains(a, "I can't make out any people or any of the 80 kinds of everyday object"))
      << a;
  EXPECT_TRUE(contains(a, "The main colours are blue")) << a;
  EXPECT_FALSE(contains(a, "reads")) << a;
}

TEST(Geometry, OrientationAndAspect) {
  EXPECT_EQ(measure_geometry(4000, 3000).aspect_label, "4:3");
  EXPECT_EQ(measure_geometry(1080, 1920).aspect_label, "9:16");
  EXPECT_EQ(measure_geometry(1080, 1920).orientation, Orientation::portrait);
  EXPECT_EQ(measure_geometry(1000, 1010).orientation, Orientation::square);
  EXPECT_EQ(measure_geometry(1000, 777).aspect_label, "");
}

}  // namespace
}  // namespace l402d::engines::vision
