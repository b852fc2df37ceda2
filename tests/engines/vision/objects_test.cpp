// Object detection (issue 16): the converted NanoDet model against the
// original graph, recall and false claims on the photo set, and the answers.
// These need the models from src/engines/vision/models/fetch-models (./dev
// runs it); without them they fail, they do not skip.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <opencv2/dnn.hpp>
#include <set>

#include "engines/vision/coco_labels.hpp"
#include "engines/vision/object_phrases.hpp"
#include "photo_set.hpp"
#include "vision_fixtures.hpp"

namespace l402d::engines::vision {
namespace {

using testing::decode_fixture;
using testing::shared_analyzer;

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

std::vector<float> read_floats(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> bytes{std::istreambuf_iterator<char>(in), {}};
  std::vector<float> out(bytes.size() / sizeof(float));
  std::memcpy(out.data(), bytes.data(), out.size() * sizeof(float));
  return out;
}

int class_of(const std::string& label) {
  const auto& labels = coco_labels();
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (labels[i].one == label) return static_cast<int>(i);
  ADD_FAILURE() << "no COCO label " << label;
  return -1;
}

void require_models() {
  const auto& problems = shared_analyzer().resources().model_problems();
  ASSERT_TRUE(problems.empty()) << problems.front()
                                << " (run src/engines/vision/models/fetch-models)";
}

// The ONNX file against the original TF.js graph on the same input, as run
// at set-up by TensorFlow.js's CPU backend (tfjs-*.f32) and by the
// converter's own numpy interpreter (float64, TF's NHWC semantics).
TEST(ObjectModel, ConvertedGraphMatchesTheOriginal) {
  require_models();
  const std::string dir = std::string(L402D_VISION_MODEL_DIR);
  cv::dnn::Net net = cv::dnn::readNetFromONNX(dir + "/" + kObjectModelFile);
  std::vector<float> input = read_floats(dir + "/nanodet-reference/input.f32");
  ASSERT_EQ(input.size(), 3u * 416 * 416);
  const int shape[] = {1, 3, 416, 416};
  net.setInput(cv::Mat(4, shape, CV_32F, input.data()));
  std::vector<cv::Mat> outs;
  const std::vector<std::string> names{"head8", "head16", "head32"};
  net.forward(outs, names);
  for (const std::string oracle : {"tfjs-", ""}) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      const auto ref = read_floats(dir + "/nanodet-reference/" + oracle + names[i] + ".f32");
      ASSERT_EQ(ref.size(), outs[i].total()) << oracle << names[i];
      const auto* got = outs[i].ptr<float>();
      float worst = 0.f;
      for (std::size_t k = 0; k < ref.size(); ++k)
        worst = std::max(worst, std::abs(got[k] - ref[k]));
      std::printf("  %s%s: max |difference| %.2g\n", oracle.c_str(), names[i].c_str(), worst);
      // Logits of magnitude up to ~80: 1e-3 is float32 rounding, a wrong pad,
      // transpose or bias would be off by whole units.
      EXPECT_LT(worst, 1e-3f) << oracle << names[i];
    }
  }
}

// Issue 16's figures: recall of the objects a person names first, and false
// claims (a class, person or text stated that is not there), for the tuning
// set and, separately, the held-out set (photo_set.hpp).
struct Tally {
  int expected = 0;
  int found = 0;
  int false_claims = 0;
  double recall() const { return expected == 0 ? 1.0 : static_cast<double>(found) / expected; }
};

TEST(ObjectPhotos, RecallAndFalseClaims) {
  require_models();
  Needs needs = Needs::none();
  needs.objects = needs.faces = needs.people = true;
  Tally tuning, held_out;
  for (const auto& photo : testing::photo_set()) {
    Tally& t = photo.held_out ? held_out : tuning;
    const Cues c = shared_analyzer().analyze(decode_fixture(photo.file), needs);
    std::set<int> ok;
    for (const auto& l : photo.expected)
      ok.insert(class_of(l));
    for (const auto& l : photo.allowed)
      ok.insert(class_of(l));
    std::string named;
    for (int cls = 0; cls < static_cast<int>(kCocoClasses); ++cls) {
      const int n = cls == kPersonClass ? c.people_count() : c.confident_count(cls);
      if (n == 0) continue;
      named += " " + counted(n, cls) + (ok.count(cls) ? "" : " (FALSE)");
      if (!ok.count(cls)) ++t.false_claims;
    }
    for (const auto& l : photo.expected) {
      ++t.expected;
      const int cls = class_of(l);
      if ((cls == kPersonClass ? c.people_count() : c.confident_count(cls)) > 0) ++t.found;
    }
    // Every detection with its score and share of the frame (percent), and
    // the classical detectors' faces and bodies: what the next tuning needs.
    std::string seen;
    for (const auto& d : c.objects)
      seen += " " + std::string(coco_labels()[d.cls].one) + ":" +
              std::to_string(std::lround(d.score * 100)) + "/" +
              std::to_string(
                  std::lround(100.0 * d.box.area() / (c.analysis_width * c.analysis_height)));
    std::printf("  %s %-30s%s  | faces %zu bodies %zu%s\n", photo.held_out ? "H" : "T",
                photo.file.c_str(), named.c_str(), c.faces.size(), c.bodies.size(), seen.c_str());
  }
  std::printf("  tuning:   recall %d/%d = %.2f, false claims %d\n", tuning.found, tuning.expected,
              tuning.recall(), tuning.false_claims);
  std::printf("  held-out: recall %d/%d = %.2f, false claims %d\n", held_out.found,
              held_out.expected, held_out.recall(), held_out.false_claims);
  RecordProperty("tuning_recall", std::to_string(tuning.recall()));
  RecordProperty("tuning_false_claims", tuning.false_claims);
  RecordProperty("held_out_recall", std::to_string(held_out.recall()));
  RecordProperty("held_out_false_claims", held_out.false_claims);
  EXPECT_EQ(tuning.false_claims, 0);
  EXPECT_EQ(held_out.false_claims, 0);
  EXPECT_GE(tuning.recall(), 0.70);
  EXPECT_GE(held_out.recall(), 0.50);
}

TEST(ObjectAnswers, ListsObjectsWithCounts) {
  require_models();
  const auto a = shared_analyzer().answer(decode_fixture("darknet_kite.jpg"),
                                          "What objects are in this image?");
  EXPECT_TRUE(contains(a, "people")) << a;
  EXPECT_TRUE(contains(a, "kite")) << a;
  const auto g = shared_analyzer().answer(decode_fixture("darknet_giraffe.jpg"),
                                          "What objects are in this image?");
  EXPECT_TRUE(contains(g, "I can see a giraffe and a zebra.")) << g;
}

TEST(ObjectAnswers, YesNoFromDetections) {
  require_models();
  const auto yes = shared_analyzer().answer(decode_fixture("darknet_dog.jpg"), "Is there a dog?");
  EXPECT_TRUE(yes.starts_with("Yes, I can see a dog on the left.")) << yes;
  const auto no = shared_analyzer().answer(decode_fixture("rocket.jpg"), "Is there a dog?");
  EXPECT_TRUE(no.starts_with("No, I can't see any dogs")) << no;
  const auto how_many =
      shared_analyzer().answer(decode_fixture("darknet_giraffe.jpg"), "How many zebras are there?");
  EXPECT_EQ(how_many, "I can see a zebra on the right.");
}

TEST(ObjectAnswers, NothingKnownIsSaidSo) {
  require_models();
  const auto a = shared_analyzer().answer(decode_fixture("skimage_brick.jpg"),
                                          "What objects are in this image?");
  EXPECT_TRUE(contains(a, "can't make out any")) << a;
}

TEST(DescribeAnswers, CombinesObjectsColoursAndLight) {
  require_models();
  const auto a =
      shared_analyzer().answer(decode_fixture("darknet_giraffe.jpg"), "Describe this image");
  EXPECT_TRUE(
      a.starts_with("The image shows a giraffe and a zebra, with the giraffe in the centre."))
      << a;
  EXPECT_TRUE(contains(a, "The main colours are")) << a;
  EXPECT_TRUE(contains(a, "the picture is")) << a;
  const auto sentences = std::count(a.begin(), a.end(), '.');
  EXPECT_GE(sentences, 2) << a;
  EXPECT_LE(sentences, 4) << a;
}

}  // namespace
}  // namespace l402d::engines::vision
