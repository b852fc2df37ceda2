#include "api/engine_call.hpp"

namespace l402d::api {

paywall::WorkFailure engine_failure(const engines::EngineError& error) {
  return {error.code(), error.what(), error.retryable()};
}

void count_engine_failure(const EngineCall& call, const engines::EngineError& error) {
  if (call.metrics) {
    call.metrics->add_counter("l402d_engine_failures_total",
                              {{"service", call.service}, {"code", error.code()}});
  }
}

void observe_engine_duration(const EngineCall& call,
                             std::chrono::steady_clock::time_point started) {
  if (call.metrics) {
    call.metrics->observe(
        "l402d_engine_duration_seconds", {{"service", call.service}},
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
}

}  // namespace l402d::api
