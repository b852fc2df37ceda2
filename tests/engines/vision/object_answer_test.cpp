// Object questions and sentences from synthetic cues (no models needed):
// intent parsing, counts, the confidence hedge, positions.

#include <gtest/gtest.h>

#include "engines/vision/answer.hpp"
#include "engines/vision/coco_labels.hpp"
#include "engines/vision/object_phrases.hpp"

namespace l402d::engines::vision {
namespace {

constexpr int kDog = 16, kKite = 33, kCar = 2, kBicycle = 1;

Cues scene(std::vector<Detection> objects) {
  Cues c;
  c.computed = Needs::all();
  c.objects_available = true;
  c.analysis_width = 1000;
  c.analysis_height = 600;
  c.objects = std::move(objects);
  return c;
}

Detection det(int cls, float score, cv::Rect box = {100, 100, 100, 100}) {
  return {cls, score, box};
}

TEST(ObjectIntent, NamesClassesAndYesNo) {
  const Intent dog = classify_prompt("Is there a dog?");
  EXPECT_EQ(dog.classes, std::vector<int>{kDog});
  EXPECT_TRUE(dog.yes_no);
  EXPECT_FALSE(dog.beyond);
  const Intent many = classify_prompt("How many kites are in the sky?");
  EXPECT_EQ(many.classes, std::vector<int>{kKite});
  EXPECT_FALSE(many.yes_no);
  EXPECT_EQ(classify_prompt("Do you see a traffic light?").classes, std::vector<int>{9});
  EXPECT_EQ(classify_prompt("Is there a couch or a TV?").classes, (std::vector<int>{57, 62}));
  // "orange" in a colour question is the colour.
  EXPECT_EQ(classify_prompt("Is the car orange?").classes, std::vector<int>{kCar});
  EXPECT_EQ(classify_prompt("Is there an orange?").classes, std::vector<int>{49});
  // People words stay with the people topic.
  EXPECT_TRUE(classify_prompt("How many people are there?").classes.empty());
  // Describing is not replaced by an object list.
  const Intent d = classify_prompt("Describe this image");
  EXPECT_EQ(d.topics, std::vector<Topic>{Topic::describe});
}

TEST(ObjectSentences, CountsMostProminentFirst) {
  Cues c = scene({det(kKite, 0.8f, {0, 0, 50, 50}), det(kKite, 0.7f, {200, 0, 50, 50}),
                  det(kCar, 0.6f, {400, 300, 400, 250}), det(kKite, 0.6f, {300, 0, 50, 50}),
                  det(kKite, 0.55f, {500, 0, 50, 50})});
  EXPECT_EQ(object_list(c), "a car and four kites");
  EXPECT_EQ(objects_sentence(c), "I can see a car and four kites. The car is at the bottom.");
}

TEST(ObjectSentences, WeakDetectionsAreHedgedNeverStated) {
  const Cues c = scene({det(kBicycle, 0.45f, {450, 250, 100, 100})});
  EXPECT_EQ(object_list(c), "");
  EXPECT_EQ(presence_sentence(c, kBicycle, true),
            "Possibly: there may be a bicycle in the centre, but I'm not confident of it.");
  EXPECT_EQ(presence_sentence(c, kDog, true), "No, I can't see any dogs in this image.");
  EXPECT_EQ(objects_sentence(c),
            "I can't make out any of the 80 kinds of everyday object I know in this image. There "
            "may be a bicycle, but I'm not sure.");
}

TEST(ObjectSentences, PersonNeedsAHigherScoreOrAFace) {
  Cues c = scene({det(kPersonClass, 0.55f)});
  EXPECT_EQ(c.people_count(), 0);
  c.faces.push_back(Face{});
  EXPECT_EQ(c.people_count(), 1);
  EXPECT_EQ(presence_sentence(c, kPersonClass, true), "Yes, I can see a person.");
  c.objects.push_back(det(kPersonClass, 0.7f, {850, 250, 100, 100}));
  EXPECT_EQ(presence_sentence(c, kPersonClass, true), "Yes, I can see a person on the right.");
}

TEST(ObjectSentences, YesAndCounts) {
  const Cues c = scene({det(kDog, 0.7f), det(kDog, 0.6f, {600, 100, 100, 100})});
  EXPECT_EQ(presence_sentence(c, kDog, true), "Yes, I can see two dogs.");
  EXPECT_EQ(presence_sentence(c, kDog, false), "I can see two dogs.");
}

TEST(ObjectSentences, WithoutTheModelSaysSo) {
  Cues c = scene({});
  c.objects_available = false;
  EXPECT_EQ(presence_sentence(c, kDog, true),
            "I can't tell: the object detector's model files are not installed on this server.");
  const std::string a = compose_answer(classify_prompt("Describe this image"), c);
  EXPECT_NE(a.find("model files are not installed"), std::string::npos) << a;
}

TEST(ObjectSentences, Positions) {
  EXPECT_EQ(position_phrase({0, 0, 100, 100}, 1000, 600), "at the top left");
  EXPECT_EQ(position_phrase({450, 250, 100, 100}, 1000, 600), "in the centre");
  EXPECT_EQ(position_phrase({850, 250, 100, 100}, 1000, 600), "on the right");
  EXPECT_EQ(position_phrase({450, 500, 100, 100}, 1000, 600), "at the bottom");
}

// The rules that keep false claims out (cues.hpp), on synthetic cues.
TEST(ObjectClaims, ShapelessClassesNeedAHigherScore) {
  constexpr int kClock = 74, kOrange = 49;
  const Cues c = scene({det(kClock, 0.6f), det(kOrange, 0.66f, {400, 100, 80, 80}),
                        det(kDog, 0.6f, {700, 100, 100, 100})});
  EXPECT_EQ(c.confident_count(kClock), 0);
  EXPECT_EQ(c.confident_count(kOrange), 1);
  EXPECT_EQ(c.confident_count(kDog), 1);
  EXPECT_EQ(object_list(c), "a dog and an orange");
  // Unstated is not unsaid: asked about, the clock is offered with a hedge.
  EXPECT_TRUE(presence_sentence(c, kClock, true).starts_with("Possibly: there may be a clock"));
}

TEST(ObjectClaims, HorseCowAndSheepInOneImageTakeTheClassWithMostEvidence) {
  constexpr int kHorse = 17, kSheep = 18, kCow = 19;
  // darknet's horses: a small cow scored above a large horse.
  std::vector<Detection> objects{det(kCow, 0.63f, {0, 0, 50, 50}),
                                 det(kHorse, 0.59f, {100, 0, 200, 150}),
                                 det(kCow, 0.52f, {400, 0, 120, 100})};
  settle_confusions(objects);
  ASSERT_EQ(objects.size(), 3u);
  for (const auto& d : objects)
    EXPECT_EQ(d.cls, kHorse);
  // One animal with two classes' boxes on it: one box of the winning class.
  std::vector<Detection> one{det(kSheep, 0.7f, {0, 0, 200, 200}),
                             det(kCow, 0.55f, {10, 10, 190, 190})};
  settle_confusions(one);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].cls, kSheep);
  // A dog next to a horse is left alone: they are not confused.
  std::vector<Detection> mixed{det(kDog, 0.6f), det(kHorse, 0.6f, {300, 0, 200, 200})};
  settle_confusions(mixed);
  EXPECT_EQ(mixed[0].cls, kDog);
  EXPECT_EQ(mixed[1].cls, kHorse);
}

TEST(ObjectClaims, AHogBodyIsAPersonOnlyWhereTheModelSawOne) {
  Cues c = scene({});
  c.bodies = {Body{{100, 100, 80, 200}, 1.5}};
  EXPECT_EQ(c.people_count(), 0);  // a horse's silhouette, playing cards
  c.objects = {det(kPersonClass, 0.45f, {110, 90, 70, 210})};
  EXPECT_EQ(c.people_count(), 1);  // too weak to state alone, confirmed by HOG
  c.objects = {det(kPersonClass, 0.45f, {600, 100, 70, 200})};
  EXPECT_EQ(c.people_count(), 0);  // the model's person is elsewhere
  // Without the model (or when it did not run) HOG is all there is.
  c.objects.clear();
  c.computed.objects = false;
  EXPECT_EQ(c.people_count(), 1);
  c.computed.objects = true;
  c.objects_available = false;
  EXPECT_EQ(c.people_count(), 1);
}

}  // namespace
}  // namespace l402d::engines::vision
