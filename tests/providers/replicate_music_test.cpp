#include "providers/replicate_music.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <cmath>
#include <filesystem>

#include "engines/music/audio/encode.hpp"
#include "providers/audio_probe.hpp"
#include "providers/ffmpeg_transcoder.hpp"
#include "support/fake_upstream.hpp"

namespace l402d::providers {
namespace {

using testing::FakeUpstream;
namespace json = boost::json;

// One MPEG-1 Layer III frame header: 256 kbps, 44.1 kHz, joint stereo; then padding.
std::string fake_mp3(int bitrate_index = 13) {
  std::string s("ID3\x03\x00\x00\x00\x00\x00\x00", 10);  // empty ID3v2 tag
  s += static_cast<char>(0xff);
  s += static_cast<char>(0xfb);
  s += static_cast<char>((bitrate_index << 4) | 0x00);
  s += static_cast<char>(0x44);
  s += std::string(800, '\0');
  return s;
}

engines::MusicJob job() {
  engines::MusicJob j;
  j.prompt = "upbeat pop song about summer vibes";
  j.lyrics = "Walking on the beach, sun is shining bright, every day feels right";
  return j;
}

struct Harness {
  FakeUpstream api;
  FakeUpstream cdn;
  std::atomic<int> polls{0};
  std::atomic<int> cancels{0};
  std::vector<std::chrono::milliseconds> sleeps;

  ReplicateMusicOptions options() {
    ReplicateMusicOptions o;
    o.base_url = api.url("/v1");
    o.api_token = "r8_secret";
    o.poll_interval = std::chrono::milliseconds(1);
    o.retry = {2, std::chrono::milliseconds(1), std::chrono::milliseconds(2)};
    return o;
  }
  ReplicateMusic engine(Transcoder t = {}) {
    return ReplicateMusic(options(), std::move(t), [this](auto d) { sleeps.push_back(d); });
  }
  std::string prediction(const std::string& status, const std::string& output = {}) {
    json::object p{{"id", "p1"},
                   {"status", status},
                   {"urls", json::object{{"get", api.url("/v1/predictions/p1")},
                                         {"cancel", api.url("/v1/predictions/p1/cancel")}}}};
    if (!output.empty()) p["output"] = output;
    return json::serialize(p);
  }
};

TEST(AudioProbe, ReadsMp3FrameAndWavHeader) {
  auto mp3 = fake_mp3();
  auto f = probe_audio(as_bytes(mp3));
  EXPECT_EQ(f.format, "mp3");
  EXPECT_EQ(f.sample_rate, 44100);
  EXPECT_EQ(f.bitrate, 256000);
  std::string wav("RIFF\x24\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x02\x00", 24);
  wav += std::string("\x44\xac\x00\x00\x10\xb1\x02\x00\x04\x00\x10\x00", 12);
  auto w = probe_audio(as_bytes(wav));
  EXPECT_EQ(w.format, "wav");
  EXPECT_EQ(w.sample_rate, 44100);
  EXPECT_EQ(w.channels, 2);
  EXPECT_EQ(w.bits_per_sample, 16);
  EXPECT_EQ(probe_audio(as_bytes(std::string("garbage"))).format, "");
}

TEST(ReplicateMusic, CreatesPollsDownloadsAndPassesMatchingAudioThrough) {
  Harness h;
  h.cdn.on(http::Verb::get, "/out/song.mp3", [](const http::Request& req) {
    return http::make_response(req, http::Status::ok, "audio/mpeg", fake_mp3());
  });
  h.cdn.start();
  h.api.on(http::Verb::post, "/v1/models/minimax/music-1.5/predictions",
           [&](const http::Request& req) {
             return FakeUpstream::json(req, http::Status::created, h.prediction("starting"));
           });
  h.api.on(http::Verb::get, "/v1/predictions/p1", [&](const http::Request& req) {
    if (++h.polls < 2) return FakeUpstream::json(req, http::Status::ok, h.prediction("processing"));
    return FakeUpstream::json(req, http::Status::ok,
                              h.prediction("succeeded", h.cdn.url("/out/song.mp3")));
  });
  h.api.start();
  auto engine = h.engine();
  auto r = engine.compose(job());
  EXPECT_EQ(r.extension, "mp3");
  EXPECT_EQ(r.content_type, "audio/mpeg");
  EXPECT_EQ(r.audio.size(), fake_mp3().size());
  EXPECT_EQ(h.polls, 2);

  auto create = h.api.requests().at(0);
  EXPECT_EQ(create[http::Field::authorization], "Bearer r8_secret");
  EXPECT_EQ(create["Prefer"], "wait=60");
  auto input = json::parse(create.body()).at("input").as_object();
  EXPECT_EQ(input.at("prompt").as_string(), job().prompt);
  EXPECT_EQ(input.at("sample_rate").as_int64(), 44100);
  EXPECT_EQ(input.at("bitrate").as_int64(), 256000);
  EXPECT_EQ(input.at("audio_format").as_string(), "mp3");
  // The API token never goes to the file host.
  EXPECT_TRUE(h.cdn.requests().at(0)[http::Field::authorization].empty());
}

TEST(ReplicateMusic, MismatchedAudioIsTranscoded) {
  Harness h;
  h.cdn.on(http::Verb::get, "/o.mp3", [](const http::Request& req) {
    return http::make_response(req, http::Status::ok, "audio/mpeg", fake_mp3(9));  // 128 kbps
  });
  h.cdn.start();
  h.api.on(http::Verb::post, "/v1/models/minimax/music-1.5/predictions",
           [&](const http::Request& req) {
             return FakeUpstream::json(req, http::Status::created,
                                       h.prediction("succeeded", h.cdn.url("/o.mp3")));
           });
  h.api.start();
  bool called = false;
  auto engine = h.engine([&](const Bytes&, const engines::MusicJob& j) {
    called = true;
    engines::MusicResult r;
    r.extension = j.audio_format;
    return r;
  });
  engine.compose(job());
  EXPECT_TRUE(called);
  EXPECT_EQ(h.polls, 0);  // Prefer: wait answered at once
}

TEST(ReplicateMusic, FailedPredictionIsAnEngineError) {
  Harness h;
  h.api.on(http::Verb::post, "/v1/models/minimax/music-1.5/predictions",
           [&](const http::Request& req) {
             auto p = json::parse(h.prediction("failed")).as_object();
             p["error"] = "lyrics too long";
             return FakeUpstream::json(req, http::Status::created, json::serialize(p));
           });
  h.api.start();
  auto engine = h.engine();
  try {
    engine.compose(job());
    FAIL();
  } catch (const engines::EngineError& e) {
    EXPECT_EQ(e.code(), "provider_failed");
    EXPECT_NE(std::string(e.what()).find("lyrics too long"), std::string::npos);
  }
}

TEST(ReplicateMusic, BadTokenIsProviderAuth) {
  Harness h;
  h.api.on(http::Verb::post, "/v1/models/minimax/music-1.5/predictions",
           [](const http::Request& req) {
             return FakeUpstream::json(req, http::Status::unauthorized,
                                       R"({"detail":"Invalid token."})");
           });
  h.api.start();
  auto engine = h.engine();
  try {
    engine.compose(job());
    FAIL();
  } catch (const engines::EngineError& e) {
    EXPECT_EQ(e.code(), "provider_auth");
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(std::string(e.what()).find("r8_secret"), std::string::npos);
  }
}

TEST(ReplicateMusic, TimeoutCancelsThePrediction) {
  Harness h;
  h.api.on(http::Verb::post, "/v1/models/minimax/music-1.5/predictions",
           [&](const http::Request& req) {
             return FakeUpstream::json(req, http::Status::created, h.prediction("processing"));
           });
  h.api.on(http::Verb::get, "/v1/predictions/p1", [&](const http::Request& req) {
    ++h.polls;
    return FakeUpstream::json(req, http::Status::ok, h.prediction("processing"));
  });
  h.api.on(http::Verb::post, "/v1/predictions/p1/cancel", [&](const http::Request& req) {
    ++h.cancels;
    return FakeUpstream::json(req, http::Status::ok, h.prediction("canceled"));
  });
  h.api.start();
  auto o = h.options();
  o.timeout = std::chrono::milliseconds(150);
  o.poll_interval = std::chrono::milliseconds(20);
  ReplicateMusic engine(o, {});
  try {
    engine.compose(job());
    FAIL();
  } catch (const engines::EngineError& e) {
    EXPECT_EQ(e.code(), "provider_timeout");
  }
  EXPECT_EQ(h.cancels, 1);
  EXPECT_GT(h.polls, 0);
}

engines::music::AudioBuffer tone(int rate, double seconds) {
  engines::music::AudioBuffer b;
  b.sample_rate = rate;
  b.channels = 2;
  auto frames = static_cast<std::size_t>(rate * seconds);
  b.samples.resize(frames * 2);
  for (std::size_t i = 0; i < frames; ++i) {
    auto v = static_cast<float>(0.3 * std::sin(2 * M_PI * 440.0 * static_cast<double>(i) / rate));
    b.samples[2 * i] = b.samples[2 * i + 1] = v;
  }
  return b;
}

TEST(FfmpegTranscoder, TurnsAnyAudioIntoTheRequestedFormat) {
  if (!std::filesystem::exists("/usr/bin/ffmpeg")) GTEST_SKIP() << "ffmpeg not installed";
  namespace audio = engines::music::audio;
  // The provider sent a 128 kbps mp3 at 24 kHz; the buyer wants 44.1 kHz / 256 kbps.
  auto input = audio::encode(tone(24000, 2.0), {audio::AudioFormat::mp3, 24000, 128000});
  auto j = job();
  auto out = transcode_with_ffmpeg(input, j);
  auto facts = probe_audio(out.audio);
  EXPECT_EQ(facts.format, "mp3");
  EXPECT_EQ(facts.sample_rate, 44100);
  EXPECT_EQ(facts.bitrate, 256000);
  EXPECT_NEAR(out.duration_seconds, 2.0, 0.1);

  j.audio_format = "wav";
  j.sample_rate = 22050;
  auto wav = transcode_with_ffmpeg(input, j);
  auto w = probe_audio(wav.audio);
  EXPECT_EQ(w.format, "wav");
  EXPECT_EQ(w.sample_rate, 22050);
  EXPECT_EQ(wav.content_type, "audio/wav");
}

TEST(FfmpegTranscoder, GarbageIsAClearError) {
  if (!std::filesystem::exists("/usr/bin/ffmpeg")) GTEST_SKIP() << "ffmpeg not installed";
  Bytes junk(5000, 0x42);
  try {
    transcode_with_ffmpeg(junk, job());
    FAIL();
  } catch (const engines::EngineError& e) {
    EXPECT_EQ(e.code(), "transcode_failed");
  }
}

}  // namespace
}  // namespace l402d::providers
