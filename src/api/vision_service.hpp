#pragma once

// The handler behind POST /api/l402/vision once the request is valid and paid:
// answer on the worker pool, reply {"content": ...}.

#include "engines/vision_engine.hpp"
#include "http/handler.hpp"
#include "http/metrics.hpp"
#include "http/worker_pool.hpp"

namespace l402d::api {

struct VisionServiceDeps {
  engines::VisionEngine& engine;
  http::WorkerPool& workers;
  http::Metrics* metrics = nullptr;
};

http::Handler vision_handler(VisionServiceDeps deps);

}  // namespace l402d::api
