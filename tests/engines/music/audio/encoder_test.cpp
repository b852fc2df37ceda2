#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "engines/music/audio/encode.hpp"
#include "engines/music/audio/mp3_encoder.hpp"
#include "engines/music/audio/pcm_encoder.hpp"
#include "engines/music/audio/test_signals.hpp"
#include "engines/music/audio/wav_encoder.hpp"

namespace l402d::engines::music::audio {
namespace {

std::uint32_t u32(const Bytes& b, std::size_t at) {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) |
         (static_cast<std::uint32_t>(b[at + 3]) << 24);
}
std::uint16_t u16(const Bytes& b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}
std::int16_t s16(const Bytes& b, std::size_t at) {
  return static_cast<std::int16_t>(u16(b, at));
}

TEST(WavEncoder, HeaderIsExact) {
  const auto audio = testing::sine(1000, 0.5, 0.5, 48000, 2);  // 24000 frames
  const Bytes wav = encode_wav(audio);
  ASSERT_EQ(wav.size(), 44U + 24000U * 4U);
  EXPECT_EQ(std::string(wav.begin(), wav.begin() + 4), "RIFF");
  EXPECT_EQ(u32(wav, 4), 36U + 96000U);
  EXPECT_EQ(std::string(wav.begin() + 8, wav.begin() + 16), "WAVEfmt ");
  EXPECT_EQ(u32(wav, 16), 16U);
  EXPECT_EQ(u16(wav, 20), 1U);  // PCM
  EXPECT_EQ(u16(wav, 22), 2U);
  EXPECT_EQ(u32(wav, 24), 48000U);
  EXPECT_EQ(u32(wav, 28), 192000U);
  EXPECT_EQ(u16(wav, 32), 4U);
  EXPECT_EQ(u16(wav, 34), 16U);
  EXPECT_EQ(std::string(wav.begin() + 36, wav.begin() + 40), "data");
  EXPECT_EQ(u32(wav, 40), 96000U);
  // The samples are the pcm encoding, byte for byte.
  const Bytes pcm = encode_pcm(audio);
  EXPECT_TRUE(std::equal(pcm.begin(), pcm.end(), wav.begin() + 44));
}

TEST(WavEncoder, MonoIsWrittenAsStereo) {
  const auto audio = testing::sine(1000, 0.5, 0.1, 8000, 1);
  const Bytes wav = encode_wav(audio);
  EXPECT_EQ(wav.size(), 44U + 800U * 4U);
  EXPECT_EQ(u16(wav, 22), 2U);
  for (std::size_t i = 44; i < wav.size(); i += 4)
    ASSERT_EQ(u16(wav, i), u16(wav, i + 2));
}

TEST(PcmEncoder, LayoutIsS16leInterleavedStereo) {
  AudioBuffer a;
  a.sample_rate = 44100;
  a.channels = 2;
  a.samples = {0.5F, -0.5F, 1.0F, -1.0F, 0.0F, 0.25F};
  const Bytes pcm = encode_pcm(a);
  ASSERT_EQ(pcm.size(), 3U * 4U);
  EXPECT_NEAR(s16(pcm, 0), 16384, 1);  // dither moves at most 1 LSB
  EXPECT_NEAR(s16(pcm, 2), -16384, 1);
  EXPECT_NEAR(s16(pcm, 4), 32767, 1);
  EXPECT_NEAR(s16(pcm, 6), -32767, 1);
  EXPECT_NEAR(s16(pcm, 8), 0, 1);
  EXPECT_NEAR(s16(pcm, 10), 8192, 1);
}

TEST(PcmEncoder, LengthIsExactAndOutputDeterministic) {
  const auto audio = testing::song(3.3, 22050, 0.5);
  const Bytes a = encode_pcm(audio);
  EXPECT_EQ(a.size(), audio.frames() * 4);
  EXPECT_EQ(a, encode_pcm(audio));
  // Streaming gives the same bytes in bounded chunks.
  Bytes streamed;
  std::size_t largest = 0;
  encode_pcm(audio, [&](std::span<const std::uint8_t> b) {
    largest = std::max(largest, b.size());
    streamed.insert(streamed.end(), b.begin(), b.end());
  });
  EXPECT_EQ(streamed, a);
  EXPECT_LE(largest, 65536U);
}

// TPDF dither: a constant between two codes comes out as an average at the
// right place, not stuck on one code.
TEST(PcmEncoder, DitherIsUnbiased) {
  AudioBuffer a;
  a.channels = 1;
  a.samples.assign(100000, 100.25F / 32767.0F);
  const Bytes pcm = encode_pcm(a);
  double mean = 0;
  for (std::size_t i = 0; i < pcm.size(); i += 4)
    mean += s16(pcm, i);
  mean /= 100000.0;
  EXPECT_NEAR(mean, 100.25, 0.02);
}

// ---- mp3, checked by ffprobe / ffmpeg ----

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0)
    out.append(buf, n);
  pclose(p);
  return out;
}

bool have(const char* tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

// The value of "key" in ffprobe's JSON, quotes removed.
std::string json_value(const std::string& json, const std::string& key) {
  const auto at = json.find("\"" + key + "\":");
  if (at == std::string::npos) return {};
  auto begin = json.find_first_not_of(" \"", at + key.size() + 3);
  auto end = json.find_first_of("\",\n}", begin);
  return json.substr(begin, end - begin);
}

class TempFile {
 public:
  explicit TempFile(const std::string& suffix)
      : path_(std::filesystem::temp_directory_path() /
              ("music_audio_test_" + std::to_string(getpid()) + "_" + std::to_string(counter_++) +
               suffix)) {}
  ~TempFile() { std::filesystem::remove(path_); }
  void write(const Bytes& b) const {
    std::ofstream(path_, std::ios::binary)
        .write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

struct Mp3Case {
  int rate, bitrate;
};

TEST(Mp3Encoder, FfprobeSeesRequestedRateAndBitrate) {
  if (!have("ffprobe")) GTEST_SKIP() << "ffprobe not installed";
  for (const Mp3Case c :
       {Mp3Case{44100, 256000}, Mp3Case{48000, 320000}, Mp3Case{32000, 128000},
        Mp3Case{44100, 32000}, Mp3Case{24000, 160000}, Mp3Case{22050, 64000}, Mp3Case{16000, 32000},
        Mp3Case{12000, 64000}, Mp3Case{11025, 48000}, Mp3Case{8000, 8000}, Mp3Case{8000, 64000}}) {
    SCOPED_TRACE(std::to_string(c.rate) + " Hz " + std::to_string(c.bitrate) + " bit/s");
    const auto audio = testing::song(3, c.rate, 0.5);
    const Bytes mp3 = encode_mp3(audio, Mp3Options{c.bitrate});
    TempFile f(".mp3");
    f.write(mp3);
    const std::string json =
        run("ffprobe -v error -show_entries "
            "stream=codec_name,sample_rate,channels,bit_rate:format=duration "
            "-of json '" +
            f.path() + "'");
    EXPECT_EQ(json_value(json, "codec_name"), "mp3") << json;
    EXPECT_EQ(json_value(json, "sample_rate"), std::to_string(c.rate)) << json;
    EXPECT_EQ(json_value(json, "channels"), "2") << json;
    EXPECT_EQ(json_value(json, "bit_rate"), std::to_string(c.bitrate)) << json;
    // ffprobe estimates the duration from the tag's frame count, encoder
    // delay and padding included: up to ~3 frames (of 576 samples below 32 kHz).
    const std::string duration = json_value(json, "duration");
    EXPECT_NEAR(std::stod(duration.empty() ? "0" : duration), 3.0, std::max(0.08, 2000.0 / c.rate))
        << json;
  }
}

// Decoded back, a 1 kHz tone keeps its level: no LAME rescaling or resampling.
TEST(Mp3Encoder, DecodesBackToTheSameTone) {
  if (!have("ffmpeg")) GTEST_SKIP() << "ffmpeg not installed";
  const auto audio = testing::sine(1000, 0.5, 2, 44100, 2);
  TempFile f(".mp3");
  f.write(encode_mp3(audio));
  const std::string raw = run("ffmpeg -v error -i '" + f.path() + "' -f s16le -ac 2 -ar 44100 -");
  ASSERT_GT(raw.size(), 44100U * 4);
  double sum = 0;
  std::size_t count = 0;
  for (std::size_t i = 44100; i + 4 <= raw.size() - 44100; i += 4) {
    const auto v = static_cast<std::int16_t>(static_cast<unsigned char>(raw[i]) |
                                             (static_cast<unsigned char>(raw[i + 1]) << 8));
    sum += static_cast<double>(v) * v;
    ++count;
  }
  const double rms_db = 10 * std::log10(sum / static_cast<double>(count) / (32767.0 * 32767.0));
  EXPECT_NEAR(rms_db, 20 * std::log10(0.5) - 3.01, 0.2);
}

TEST(Mp3Encoder, StreamingMatchesAndRejectsBadParameters) {
  const auto audio = testing::song(2, 44100, 0.5);
  Bytes streamed;
  encode_mp3(audio, Mp3Options{128000}, [&](std::span<const std::uint8_t> b) {
    streamed.insert(streamed.end(), b.begin(), b.end());
  });
  const Bytes whole = encode_mp3(audio, Mp3Options{128000});
  // The same audio frames; the in-memory file has the LAME/Info frame in front.
  ASSERT_EQ(whole.size() - streamed.size(), 417U);  // one 128 kbps frame at 44.1 kHz
  EXPECT_TRUE(std::equal(streamed.begin(), streamed.end(), whole.begin() + 417));
  EXPECT_EQ(std::string(whole.begin() + 36, whole.begin() + 40), "Info");
  EXPECT_THROW((void)encode_mp3(audio, Mp3Options{256001}), std::invalid_argument);
  auto odd = audio;
  odd.sample_rate = 44000;
  EXPECT_THROW((void)encode_mp3(odd, Mp3Options{}), std::invalid_argument);
  EXPECT_THROW((void)encode_mp3(testing::song(1, 22050), Mp3Options{256000}),
               std::invalid_argument);
}

// Every rate/bitrate pair the format table offers is what LAME writes: read
// back from the MPEG frame headers of the encoded stream.
TEST(Mp3Encoder, EveryAcceptedBitrateIsWrittenExactly) {
  static const int kMpeg1[] = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
  static const int kMpeg2[] = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
  for (int rate : accepted_sample_rates()) {
    const auto audio = testing::song(0.3, rate, 0.5);
    for (int bitrate : mp3_bitrates(rate)) {
      Bytes mp3;
      encode_mp3(audio, Mp3Options{bitrate}, [&](std::span<const std::uint8_t> b) {
        mp3.insert(mp3.end(), b.begin(), b.end());
      });
      ASSERT_GE(mp3.size(), 4U);
      ASSERT_EQ(mp3[0], 0xFF);
      ASSERT_EQ(mp3[1] & 0xE0, 0xE0);
      const int version = (mp3[1] >> 3) & 3;  // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
      const int index = mp3[2] >> 4;
      const int kbps = version == 3 ? kMpeg1[index] : kMpeg2[index];
      EXPECT_EQ(kbps * 1000, bitrate) << rate;
      EXPECT_EQ(version, rate >= 32000 ? 3 : (rate >= 16000 ? 2 : 0)) << rate;
    }
  }
}

TEST(Encode, ResamplesToTheRequestedRate) {
  const auto audio = testing::sine(1000, 0.5, 1, 44100, 2);
  const Bytes wav = encode(audio, OutputFormat{AudioFormat::wav, 48000, 0});
  EXPECT_EQ(u32(wav, 24), 48000U);
  EXPECT_NEAR(static_cast<double>(u32(wav, 40)) / 4, 48000.0, 2.0);
  const Bytes pcm = encode(audio, OutputFormat{AudioFormat::pcm, 44100, 0});
  EXPECT_EQ(pcm.size(), 44100U * 4);
  const auto mono = testing::sine(1000, 0.5, 1, 22050, 1);
  const Bytes mp3 = encode(mono, OutputFormat{AudioFormat::mp3, 44100, 256000});
  EXPECT_GT(mp3.size(), 30000U);
  EXPECT_THROW((void)encode(audio, OutputFormat{AudioFormat::mp3, 44000, 256000}),
               std::invalid_argument);
}

}  // namespace
}  // namespace l402d::engines::music::audio
