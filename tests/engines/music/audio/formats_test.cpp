#include "engines/music/audio/formats.hpp"

#include <gtest/gtest.h>

namespace l402d::engines::music::audio {
namespace {

TEST(Formats, SeedDefaultsAreValid) {
  const auto f = validate_output_format("mp3", kDefaultSampleRate, kDefaultBitrate);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->format, AudioFormat::mp3);
  EXPECT_EQ(f->sample_rate, 44100);
  EXPECT_EQ(f->bitrate, 256000);
  const OutputFormat d;
  EXPECT_EQ(d.format, AudioFormat::mp3);
  EXPECT_EQ(d.sample_rate, 44100);
  EXPECT_EQ(d.bitrate, 256000);
}

TEST(Formats, EveryAcceptedRateWorksForEveryFormat) {
  for (int rate : accepted_sample_rates()) {
    for (const char* fmt : {"mp3", "wav", "pcm"}) {
      const auto f = validate_output_format(fmt, rate, std::nullopt);
      ASSERT_TRUE(f) << fmt << " " << rate;
      EXPECT_EQ(f->sample_rate, rate);
    }
  }
}

TEST(Formats, Mp3BitratesFollowTheMpegVersion) {
  EXPECT_TRUE(validate_output_format("mp3", 48000, 320000));
  EXPECT_TRUE(validate_output_format("mp3", 32000, 32000));
  EXPECT_TRUE(validate_output_format("mp3", 22050, 160000));
  EXPECT_TRUE(validate_output_format("mp3", 8000, 8000));
  EXPECT_FALSE(validate_output_format("mp3", 44100, 8000));
  EXPECT_FALSE(validate_output_format("mp3", 16000, 192000));
  EXPECT_EQ(default_mp3_bitrate(44100), 256000);
  EXPECT_EQ(default_mp3_bitrate(24000), 160000);
  EXPECT_EQ(validate_output_format("mp3", 24000, std::nullopt)->bitrate, 160000);
}

TEST(Formats, RejectsUnknownFormatNamingTheField) {
  const auto f = validate_output_format("ogg", 44100, 256000);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().field, "audio_format");
  EXPECT_NE(f.error().message.find("\"ogg\""), std::string::npos);
  EXPECT_NE(f.error().message.find("mp3, wav, pcm"), std::string::npos);
  EXPECT_FALSE(validate_output_format("MP3", 44100, 256000));  // exact names only
}

TEST(Formats, RejectsUnknownRateListingAccepted) {
  const auto f = validate_output_format("wav", 44000, 256000);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().field, "sample_rate");
  EXPECT_NE(f.error().message.find("44000"), std::string::npos);
  EXPECT_NE(f.error().message.find("8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000"),
            std::string::npos);
  EXPECT_FALSE(validate_output_format("mp3", 96000, 256000));
  EXPECT_FALSE(validate_output_format("pcm", -1, 256000));
}

TEST(Formats, RejectsBitrateForRateListingAccepted) {
  const auto f = validate_output_format("mp3", 22050, 256000);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().field, "bitrate");
  EXPECT_EQ(f.error().message,
            "bitrate 256000 is not valid for mp3 at 22050 Hz; accepted (bit/s): 8000, 16000, "
            "24000, 32000, 40000, 48000, 56000, 64000, 80000, 96000, 112000, 128000, 144000, "
            "160000");
  const auto g = validate_output_format("mp3", 44100, 250000);
  ASSERT_FALSE(g);
  EXPECT_NE(g.error().message.find("256000, 320000"), std::string::npos);
}

// A buyer asking for wav keeps the default bitrate in the request: not an error.
TEST(Formats, PcmFormatsIgnoreBitrate) {
  const auto f = validate_output_format("wav", 22050, 256000);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->bitrate, 22050 * 32);
  EXPECT_TRUE(validate_output_format("pcm", 8000, 1));
}

TEST(Formats, NamesAndTypes) {
  EXPECT_EQ(to_string(AudioFormat::wav), "wav");
  EXPECT_EQ(file_extension(AudioFormat::pcm), "pcm");
  EXPECT_EQ(content_type(AudioFormat::mp3), "audio/mpeg");
  EXPECT_EQ(content_type(AudioFormat::wav), "audio/wav");
  EXPECT_EQ(parse_audio_format("pcm"), AudioFormat::pcm);
}

}  // namespace
}  // namespace l402d::engines::music::audio
