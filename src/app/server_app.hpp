#pragma once

// The running server: worker pools, engines, the routes of the public API and
// the HTTP server, wired from the Core. Start, then wait for SIGINT/SIGTERM,
// then a graceful stop (no new connections, in-flight jobs finish).

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "app/runtime.hpp"
#include "engines/music_engine.hpp"
#include "engines/vision_engine.hpp"
#include "http/metrics.hpp"
#include "http/request_metrics.hpp"
#include "http/result_cache.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/worker_pool.hpp"
#include "store/media_store.hpp"

namespace l402d::app {

struct Engines {
  std::unique_ptr<engines::MusicEngine> music;
  std::unique_ptr<engines::VisionEngine> vision;
};

// The engines the config asks for (builtin by default, hosted providers when
// configured). Throws ConfigError / std::runtime_error when one cannot start.
Engines make_engines(const Config& config);

class ServerApp {
 public:
  ServerApp(Core& core, Engines engines);
  ~ServerApp();

  void start();  // binds; throws with the address when it cannot
  void stop();   // graceful
  void wait();
  std::uint16_t port() const { return server_->port(); }
  std::string public_url() const;
  http::Metrics& metrics() { return metrics_; }

 private:
  void add_routes();
  void on_complete(const http::Exchange& exchange, const http::Response& response);
  // Refreshes the revocation list every few seconds (revocations by other
  // processes) and drops stored results and media past the retention every
  // minute.
  void janitor();

  Core& core_;
  Engines engines_;
  http::Metrics metrics_;
  http::WorkerPool blocking_;
  http::ResultCache results_;
  http::WorkerPool workers_;
  std::unique_ptr<store::MediaStore> media_;
  http::Router router_;
  std::unique_ptr<http::RequestMetrics> request_metrics_;  // after router_: needs its routes
  std::unique_ptr<http::Server> server_;
  mutable std::mutex url_mutex_;
  std::string public_url_;
  std::mutex janitor_mutex_;
  std::condition_variable janitor_wake_;
  bool stopping_ = false;
  std::thread janitor_;
};

// Blocks SIGINT and SIGTERM in the calling thread (call before any thread
// starts, so all threads inherit the mask) and later waits for one of them.
void block_termination_signals();
int wait_for_termination_signal();

}  // namespace l402d::app
