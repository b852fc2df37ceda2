#pragma once

// The handler behind POST /api/l402/music once the request is valid and paid:
// compose on the worker pool, keep the file, answer {"audioUrl": ...}.

#include <functional>
#include <string>

#include "engines/music_engine.hpp"
#include "http/handler.hpp"
#include "http/metrics.hpp"
#include "http/worker_pool.hpp"
#include "store/media_store.hpp"

namespace l402d::api {

struct MusicServiceDeps {
  engines::MusicEngine& engine;
  http::WorkerPool& workers;
  store::MediaStore& media;
  // "https://host" (no trailing slash); a function because with port 0 the
  // URL is known only once the server has bound its port.
  std::function<std::string()> public_url;
  http::Metrics* metrics = nullptr;
};

http::Handler music_handler(MusicServiceDeps deps);

// GET /media/{name}: the stored file with ranges and caching, 410 once expired.
http::Handler media_handler(store::MediaStore& media, std::function<std::int64_t()> now = {});

// Turns an engine failure into the JSON error a paid buyer sees. The token
// stays redeemable (the gate records the failure), and the message says so.
http::StringResponse engine_failure(const http::Request& request, const engines::EngineError& e);

}  // namespace l402d::api
