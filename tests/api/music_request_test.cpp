#include "api/music_request.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "engines/music/audio/formats.hpp"

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
  EXPECT_EQ(code_of(R"({"lyrics":"sing along","model":"Music Generation"})"),
            "missing_field:prompt");
  EXPECT_EQ(code_of(R"({"prompt":42,"lyrics":"sing along","model":"Music Generation"})"),
            "invalid_field_type:prompt");
  EXPECT_EQ(code_of(R"({"prompt":"short","lyrics":"sing along","model":"Music Generation"})"),
            "field_too_short:prompt");
  EXPECT_EQ(code_of(R"({"prompt":")" + std::string(301, 'a') +
                    R"(","lyrics":"sing along","model":"Music Generation"})"),
            "field_too_long:prompt");
  EXPECT_EQ(code_of(R"({"prompt":"0123456789","lyrics":")" + std::string(601, 'a') +
                    R"(","model":"Music Generation"})"),
            "field_too_long:lyrics");
  EXPECT_EQ(code_of(R"({"prompt":"0123456789","lyrics":"sing along"})"), "missing_field:model");
  EXPECT_EQ(code_of(R"({"prompt":"0123456789","lyrics":"sing along","model":"Suno"})"),
            "unsupported_model:model");
  EXPECT_EQ(
      code_of(
          R"({"prompt":"0123456789","lyrics":"sing along","model":"Music Generation","audio_format":"ogg"})"),
      "unsupported_audio_format:audio_format");
  EXPECT_EQ(
      code_of(
          R"({"prompt":"0123456789","lyrics":"sing along","model":"Music Generation","sample_rate":44000})"),
      "unsupported_sample_rate:sample_rate");
  EXPECT_EQ(
      code_of(
          R"({"prompt":"0123456789","lyrics":"sing along","model":"Music Generation","bitrate":100})"),
      "unsupported_bitrate:bitrate");
  EXPECT_EQ(
      code_of(
          R"({"prompt":"0123456789","lyrics":"sing along","model":"Music Generation","sample_rate":"44100"})"),
      "invalid_field_type:sample_rate");
  EXPECT_EQ(
      code_of(
          R"({"prompt":"0123456789","lyrics":"sing along","model":"Music Generation","sample_rate":44100.5})"),
      "invalid_field_type:sample_rate");
}

// Issue 17: emoji-only or tags-only lyrics used to be billed and sung as an
// instrumental; they are refused before any invoice.
TEST(MusicRequest, LyricsWithNothingToSingAreRefused) {
  auto with_lyrics = [](const std::string& lyrics) {
    boost::json::object body{{"prompt", "upbeat pop song about summer vibes"},
                             {"lyrics", lyrics},
                             {"model", "Music Generation"}};
    return code_of(boost::json::serialize(body));
  };
  std::string emoji;
  for (int i = 0; i < 4; ++i)
    emoji += "\xF0\x9F\x8E\xB5\xF0\x9F\x8E\xB6\xF0\x9F\x94\xA5 ";
  EXPECT_EQ(with_lyrics(emoji), "unsingable_lyrics:lyrics");
  EXPECT_EQ(with_lyrics("[Intro]\n[Chorus]\n[Outro]"), "unsingable_lyrics:lyrics");
  EXPECT_EQ(with_lyrics("1234567890 !!! ???"), "unsingable_lyrics:lyrics");
  EXPECT_EQ(with_lyrics("[Chorus]\nLa la la \xF0\x9F\x8E\xB5"), "ok");
  EXPECT_EQ(with_lyrics("Canci\xC3\xB3n del mar"), "ok");
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

TEST(MusicRequest, BitrateDefaultsAndRulesFollowTheRateAndFormat) {
  const std::string base =
      R"({"prompt":"0123456789","lyrics":"sing along","model":"Music Generation")";
  auto low_rate = parse_music_request(post(base + R"(,"sample_rate":22050})"));
  ASSERT_TRUE(low_rate) << low_rate.error().message;
  EXPECT_EQ(low_rate->bitrate, 160000);  // not the documented 256000 of the default rate
  EXPECT_EQ(code_of(base + R"(,"sample_rate":22050,"bitrate":256000})"),
            "unsupported_bitrate:bitrate");
  // wav and pcm ignore the bitrate.
  auto wav = parse_music_request(post(base + R"(,"audio_format":"wav","bitrate":100})"));
  ASSERT_TRUE(wav) << wav.error().message;
  EXPECT_EQ(wav->audio_format, "wav");
  EXPECT_EQ(wav->bitrate, 44100 * 2 * 16);
  auto whole = parse_music_request(post(base + R"(,"sample_rate":48000.0,"bitrate":1e5})"));
  EXPECT_FALSE(whole);  // 100000 is not an MPEG-1 Layer III bitrate
  EXPECT_EQ(code_of(base + R"(,"sample_rate":48000.0,"bitrate":128000.0})"), "ok");
  EXPECT_EQ(code_of(base + R"(,"bitrate":99999999999})"), "unsupported_bitrate:bitrate");
}

TEST(MusicRequest, MessagesNameTheFieldAndWhatIsAccepted) {
  auto model =
      parse_music_request(post(R"({"prompt":"0123456789","lyrics":"sing along","model":"Suno"})"));
  ASSERT_FALSE(model);
  EXPECT_NE(model.error().message.find("\"Music Generation\""), std::string::npos);
  auto rate = parse_music_request(post(
      R"({"prompt":"0123456789","lyrics":"sing along","model":"Music Generation","sample_rate":1})"));
  ASSERT_FALSE(rate);
  EXPECT_NE(rate.error().message.find("44100"), std::string::npos) << rate.error().message;
}

// What the OpenAPI document publishes is what the parser enforces.
TEST(MusicRequest, TheSchemaPublishesTheEnforcedRules) {
  const auto doc = music_request_schema().openapi();
  const auto& props = doc.at("properties").as_object();
  EXPECT_EQ(doc.at("required"), (boost::json::array{"prompt", "lyrics", "model"}));
  for (const auto* name : {"prompt", "lyrics"}) {
    SCOPED_TRACE(name);
    auto min = props.at(name).at("minLength").to_number<std::size_t>();
    auto max = props.at(name).at("maxLength").to_number<std::size_t>();
    auto with = [&](std::size_t n) {
      boost::json::object body{
          {"prompt", "0123456789"}, {"lyrics", "sing along"}, {"model", "Music Generation"}};
      body[name] = std::string(n, 'x');
      auto r = parse_music_request(body);
      return r ? std::string("ok") : r.error().code;
    };
    EXPECT_EQ(with(min), "ok");
    EXPECT_EQ(with(max), "ok");
    EXPECT_EQ(with(min - 1), "field_too_short");
    EXPECT_EQ(with(max + 1), "field_too_long");
  }
  boost::json::array rates;
  for (int r : engines::music::audio::accepted_sample_rates())
    rates.push_back(r);
  EXPECT_EQ(props.at("sample_rate").at("enum"), rates);
  EXPECT_EQ(props.at("sample_rate").at("default"), 44100);
  EXPECT_EQ(props.at("audio_format").at("enum"), (boost::json::array{"mp3", "wav", "pcm"}));
  EXPECT_EQ(props.at("audio_format").at("default"), "mp3");
  EXPECT_EQ(props.at("model").at("enum"), (boost::json::array{"Music Generation"}));
  EXPECT_EQ(props.at("bitrate").at("default"), 256000);
  const std::string bitrate_doc(props.at("bitrate").at("description").as_string());
  EXPECT_NE(bitrate_doc.find("At 32000-48000 Hz: 32000-320000 (default 256000); at 16000-24000 "
                             "Hz: 8000-160000 (default 160000); at 8000-12000 Hz: 8000-64000 "
                             "(default 64000)."),
            std::string::npos)
      << bitrate_doc;
  EXPECT_EQ(music_result_schema().openapi().at("properties").at("audioUrl").at("format"), "uri");
}

TEST(MusicRequest, UnknownFieldsAreIgnored) {
  std::string body(kSeed);
  body.insert(1, R"("callback":"x",)");
  EXPECT_EQ(code_of(body), "ok");
}

}  // namespace
}  // namespace l402d::api
