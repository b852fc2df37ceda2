#pragma once

// A music engine backed by Replicate's predictions API, for sellers with an
// account: create a prediction for a configurable model (MiniMax's
// music-1.5 takes exactly the seed's fields), wait or poll until it settles,
// download the output, and make sure the bytes are what the buyer asked for
// (format, sample rate, bitrate), transcoding when they are not.

#include <chrono>
#include <functional>
#include <string>

#include "engines/music_engine.hpp"
#include "net/http_client.hpp"

namespace l402d::providers {

struct ReplicateMusicOptions {
  std::string base_url = "https://api.replicate.com/v1";
  std::string api_token;  // sent only to base_url's host, never to download hosts
  std::string model = "minimax/music-1.5";
  std::string version;           // optional: pin a version (uses POST /predictions)
  int prefer_wait_seconds = 60;  // "Prefer: wait=N": Replicate holds the request up to 60 s
  std::chrono::milliseconds poll_interval{2'000};
  std::chrono::milliseconds timeout{300'000};  // the whole job
  std::chrono::milliseconds request_timeout{90'000};
  net::RetryPolicy retry;
  std::size_t max_download_bytes = 100 * 1024 * 1024;
};

// Converts provider audio into exactly the requested format; throws EngineError.
using Transcoder =
    std::function<engines::MusicResult(const Bytes& input, const engines::MusicJob&)>;

class ReplicateMusic : public engines::MusicEngine {
 public:
  ReplicateMusic(ReplicateMusicOptions options, Transcoder transcoder,
                 std::function<void(std::chrono::milliseconds)> sleep = {});
  std::string name() const override;
  // Replicate's prediction states say nothing about how far a song is.
  using engines::MusicEngine::compose;
  engines::MusicResult compose(const engines::MusicJob& job) override;

 private:
  net::HttpResponse api(const std::string& method, const std::string& url, std::string body,
                        bool prefer_wait) const;
  ReplicateMusicOptions options_;
  Transcoder transcoder_;
  std::function<void(std::chrono::milliseconds)> sleep_;
};

}  // namespace l402d::providers
