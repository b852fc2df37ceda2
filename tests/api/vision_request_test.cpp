#include "api/vision_request.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/base64.hpp"

namespace l402d::api {
namespace {

namespace json = boost::json;

std::string photo_data_uri() {
  std::ifstream in(std::filesystem::path(L402D_TEST_DATA) / "vision" / "astronaut.jpg",
                   std::ios::binary);
  std::ostringstream raw;
  raw << in.rdbuf();
  return "data:image/jpeg;base64," + base64_encode(as_bytes(raw.str()));
}

// The seed request with some fields set (or, when null, removed).
json::object request(const json::object& changes = {}) {
  static const std::string image = photo_data_uri();
  json::object o{
      {"image", image}, {"prompt", "What objects are in this image?"}, {"model", "Vision Chat"}};
  for (const auto& [k, v] : changes) {
    if (v.is_null()) {
      o.erase(k);
    } else {
      o[k] = v;
    }
  }
  return o;
}

Expected<engines::VisionJob, ApiError> parse(const json::object& body) {
  return parse_vision_request(body, engines::vision::InputLimits{});
}

std::string code_of(const json::object& body) {
  auto r = parse(body);
  return r ? "ok" : r.error().code + ":" + r.error().field;
}

TEST(VisionRequest, TheSeedExampleIsAccepted) {
  auto r = parse(request());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->prompt, "What objects are in this image?");
  EXPECT_EQ(r->mime_type, "image/jpeg");
  EXPECT_GT(r->width, 0);
  EXPECT_GT(r->height, 0);
  EXPECT_FALSE(r->image.empty());
}

TEST(VisionRequest, AnAbsentEmptyOrBlankPromptIsTheDefaultQuestion) {
  for (const json::value& prompt : {json::value(nullptr), json::value(""), json::value(" \n ")}) {
    auto body = request();
    if (prompt.is_null()) {
      body.erase("prompt");
    } else {
      body["prompt"] = prompt;
    }
    auto r = parse(body);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->prompt, kDefaultVisionPrompt);
  }
}

TEST(VisionRequest, EveryRuleHasItsOwnError) {
  EXPECT_EQ(code_of(request({{"image", nullptr}})), "missing_field:image");
  EXPECT_EQ(code_of(request({{"image", 7}})), "invalid_field_type:image");
  EXPECT_EQ(code_of(request({{"model", nullptr}})), "missing_field:model");
  EXPECT_EQ(code_of(request({{"model", "GPT-4o"}})), "unsupported_model:model");
  EXPECT_EQ(code_of(request({{"model", "Music Generation"}})), "unsupported_model:model");
  EXPECT_EQ(code_of(request({{"prompt", 5}})), "invalid_field_type:prompt");
  EXPECT_EQ(code_of(request({{"prompt", std::string(2001, 'q')}})), "field_too_long:prompt");
  EXPECT_EQ(code_of(request({{"prompt", std::string(2000, 'q')}})), "ok");
  EXPECT_EQ(code_of(request({{"image", ""}})), "image_missing:image");
  EXPECT_EQ(code_of(request({{"image", "not base64!!"}})), "image_not_base64:image");
}

TEST(VisionRequest, OversizedImagesAre413) {
  engines::vision::InputLimits tight;
  tight.max_pixels = 100;
  auto r = parse_vision_request(request(), tight);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "image_too_many_pixels");
  EXPECT_EQ(r.error().status, http::Status::payload_too_large);
}

TEST(VisionRequest, MessagesSayWhatToSend) {
  auto missing = parse(request({{"image", nullptr}}));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "'image' is required: base64 or a data URI (data:image/png;base64,...).");
  auto model = parse(request({{"model", nullptr}}));
  ASSERT_FALSE(model);
  EXPECT_NE(model.error().message.find("\"Vision Chat\""), std::string::npos);
}

TEST(VisionRequest, TheSchemaPublishesTheEnforcedRules) {
  const auto doc = vision_request_schema().openapi();
  const auto& props = doc.at("properties").as_object();
  EXPECT_EQ(doc.at("required"), (json::array{"image", "model"}));
  EXPECT_EQ(props.at("prompt").at("default").as_string(), kDefaultVisionPrompt);
  auto max = props.at("prompt").at("maxLength").to_number<std::size_t>();
  EXPECT_EQ(code_of(request({{"prompt", std::string(max, 'q')}})), "ok");
  EXPECT_EQ(code_of(request({{"prompt", std::string(max + 1, 'q')}})), "field_too_long:prompt");
  EXPECT_EQ(props.at("model").at("enum"), (json::array{kVisionModel}));
  EXPECT_EQ(vision_result_schema().openapi().at("required"), (json::array{"content"}));
}

}  // namespace
}  // namespace l402d::api
