#include "api/music_request.hpp"

#include <gtest/gtest.h>

namespace l402d::api {
namespace {

http::Request post(std::string body, std::string type = "application/json") {
  http::Request r{http::Verb::post, "/api/l402/music", 11};
  if (!type.empty()) r.set(http::Field::content_type, type);
  r.body() = std::move(body);
  return r;
}

const char* kSeed =
    R"({"prompt":"upbeat pop song about summer vibes","lyrics":"Walking on the beach, sun is shining bright, every day feels right","model":"Music Generation","sample_rate":44100,"bitrate":256000,"audio_format":"mp3"})";

std::string code_of(const std::string& body, std::string type = "application/json") {
  auto r = parse_music_request(post(body, type));
  return r ? "ok" : r.error().code + (r.error().field.empty() ? "" : ":" + r.error().field);
}

TEST(MusicRequest, TheSeedExampleIsAccepted) {
  auto r = parse_music_request(post(kSeed));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->prompt, "upbeat pop song about summer vibes");
  EXPECT_EQ(r->audio_format, "mp3");
  EXPECT_EQ(r->sample_rate, 44100);
  EXPECT_EQ(r->bitrate, 256000);
}

TEST(MusicRequest, DefaultsApplyWhenOptionalFieldsAreAbsent) {
  auto r = parse_music_request(post(
      R"({"prompt":"slow sad piano ballad","lyrics":"[Verse]\nI walked alone tonight","model":"Music Generation"})"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->audio_format, "mp3");
  EXPECT_EQ(r->sample_rate, 44100);
  EXPECT_EQ(r->bitrate, 256000);
}

TEST(MusicRequest, EveryRuleHasItsOwnError) {
  EXPECT_EQ(code_of(kSeed, "text/plain"), "unsupported_media_type");
  EXPECT_EQ(code_of(kSeed, ""), "unsupported_media_type");
  EXPECT_EQ(code_of(kSeed, "application/json; charset=utf-8"), "ok");
  EXPECT_EQ(code_of("{not json"), "invalid_json");
  EXPECT_EQ(code_of("[1,2]"), "invalid_json");
  EXPECT_EQ(code_of(""), "empty_body");
  EXPECT_EQ(code_of(R"({"lyrics":"0123456789","model":"Music Generation"})"),
            "missing_field:prompt");
  EXPECT_EQ(code_of(R"({"prompt":42,"lyrics":"0123456789","model":"Music Generation"})"),
            "invalid_field_type:prompt");
  EXPECT_EQ(code_of(R"({"prompt":"short","lyrics":"0123456789","model":"Music Generation"})"),
            "field_too_short:prompt");
  EXPECT_EQ(code_of(R"({"prompt":")" + std::string(301, 'a') +
                    R"(","lyrics":"0123456789","model":"Music Generation"})"),
            "field_too_long:prompt");
  EXPECT_EQ(code_of(R"({"prompt":"0123456789","lyrics":")" + std::string(601, 'a') +
                    R"(","model":"Music Generation"})"),
            "field_too_long:lyrics");
  EXPECT_EQ(code_of(R"({"prompt":"0123456789","lyrics":"0123456789"})"), "missing_field:model");
  EXPECT_EQ(code_of(R"({"prompt":"0123456789","lyrics":"0123456789","model":"Suno"})"),
            "unsupported_model:model");
  EXPECT_EQ(
      code_of(
          R"({"prompt":"0123456789","lyrics":"0123456789","model":"Music Generation","audio_format":"ogg"})"),
      "unsupported_audio_format:audio_format");
  EXPECT_EQ(
      code_of(
          R"({"prompt":"0123456789","lyrics":"0123456789","model":"Music Generation","sample_rate":44000})"),
      "unsupported_sample_rate:sample_rate");
  EXPECT_EQ(
      code_of(
          R"({"prompt":"0123456789","lyrics":"0123456789","model":"Music Generation","bitrate":100})"),
      "unsupported_bitrate:bitrate");
  EXPECT_EQ(
      code_of(
          R"({"prompt":"0123456789","lyrics":"0123456789","model":"Music Generation","sample_rate":"44100"})"),
      "invalid_field_type:sample_rate");
  EXPECT_EQ(
      code_of(
          R"({"prompt":"0123456789","lyrics":"0123456789","model":"Music Generation","sample_rate":44100.5})"),
      "invalid_field_type:sample_rate");
}

TEST(MusicRequest, LengthsCountCharactersNotBytes) {
  // Ten accented characters are twenty UTF-8 bytes: still ten characters.
  std::string ten = "éééééééééé";
  EXPECT_EQ(code_of(R"({"prompt":")" + ten + R"(","lyrics":")" + ten +
                    R"(","model":"Music Generation"})"),
            "ok");
  std::string many;
  for (int i = 0; i < 301; ++i)
    many += "é";
  EXPECT_EQ(code_of(R"({"prompt":")" + many + R"(","lyrics":")" + ten +
                    R"(","model":"Music Generation"})"),
            "field_too_long:prompt");
}

TEST(MusicRequest, UnknownFieldsAreIgnored) {
  std::string body(kSeed);
  body.insert(1, R"("callback":"x",)");
  EXPECT_EQ(code_of(body), "ok");
}

}  // namespace
}  // namespace l402d::api
