#include "api/vision_service.hpp"

#include <boost/json.hpp>
#include <chrono>

#include "api/music_service.hpp"

namespace l402d::api {

http::Handler vision_handler(VisionServiceDeps deps) {
  return [deps](http::Exchange& ex) -> boost::asio::awaitable<http::Response> {
    const auto& job = std::any_cast<const engines::VisionJob&>(ex.attachment);
    auto started = std::chrono::steady_clock::now();
    engines::VisionResult result;
    try {
      result = co_await deps.workers.run([&] { return deps.engine.answer(job); });
    } catch (const engines::EngineError& e) {
      if (deps.metrics) {
        deps.metrics->add_counter("l402d_engine_failures_total",
                                  {{"service", "vision"}, {"code", e.code()}});
      }
      co_return engine_failure(ex.request, e);
    }
    if (deps.metrics) {
      deps.metrics->observe(
          "l402d_engine_duration_seconds", {{"service", "vision"}},
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    co_return http::make_response(
        ex.request, http::Status::ok, "application/json",
        boost::json::serialize(boost::json::object{{"content", result.content}}));
  };
}

}  // namespace l402d::api
