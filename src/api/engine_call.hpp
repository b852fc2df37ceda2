#pragma once

// Running an engine job for a paid request: on the worker pool, timed and
// counted by service, with an engine's failure turned into the typed outcome
// the paywall records (the token stays redeemable).

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>
#include <type_traits>

#include "engines/engine_error.hpp"
#include "http/metrics.hpp"
#include "http/worker_pool.hpp"
#include "paywall/work_outcome.hpp"
#include "util/expected.hpp"

namespace l402d::api {

struct EngineCall {
  http::WorkerPool& workers;
  http::Metrics* metrics = nullptr;
  std::string service;  // metric label
};

paywall::WorkFailure engine_failure(const engines::EngineError& error);
void count_engine_failure(const EngineCall& call, const engines::EngineError& error);
void observe_engine_duration(const EngineCall& call, std::chrono::steady_clock::time_point started);

template <class F>
boost::asio::awaitable<Expected<std::invoke_result_t<F>, paywall::WorkFailure>> run_engine(
    const EngineCall& call, F job) {
  const auto started = std::chrono::steady_clock::now();
  try {
    auto result = co_await call.workers.run(std::move(job));
    observe_engine_duration(call, started);
    co_return result;
  } catch (const engines::EngineError& e) {
    count_engine_failure(call, e);
    co_return unexpected(engine_failure(e));
  }
}

}  // namespace l402d::api
