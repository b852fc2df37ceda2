#pragma once

// What a running service may use from the server that hosts it.

#include <functional>
#include <string>

#include "http/metrics.hpp"
#include "http/worker_pool.hpp"
#include "store/media_store.hpp"

namespace l402d::api {

struct ServiceContext {
  http::WorkerPool& workers;  // engine jobs
  store::MediaStore& media;   // files handed out by URL (/media/...)
  // "https://host" (no trailing slash); a function because with port 0 the
  // URL is known only once the server has bound its port.
  std::function<std::string()> public_url;
  http::Metrics* metrics = nullptr;
};

// The settings a seller configures for every service.
struct ServiceSettings {
  std::uint64_t price_sats = 0;
  std::uint32_t timeout_seconds = 300;
};

}  // namespace l402d::api
