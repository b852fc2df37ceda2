#include "api/vision_service.hpp"

#include <boost/json.hpp>

#include "api/engine_call.hpp"
#include "api/vision_request.hpp"

namespace l402d::api {

namespace {

gateway::PaidHandler answer_question(std::shared_ptr<engines::VisionEngine> engine,
                                     const ServiceContext& context, std::string name) {
  return
      [engine, context, name](http::Exchange& ex) -> boost::asio::awaitable<gateway::PaidOutcome> {
        const auto& job = std::any_cast<const engines::VisionJob&>(ex.attachment);
        // A named value, not a braced temporary: GCC 12 destroys temporaries in
        // a co_await expression twice.
        const EngineCall call{context.workers, context.metrics, name};
        // Asked for events: each piece of the answer goes out as it is made
        // (the engine's worker thread calls the sink; events are thread-safe).
        const auto& events = ex.events;
        auto answer = co_await run_engine(call, [&] {
          if (!events) return engine->answer(job);
          return engine->answer_streaming(job, [&events](std::string_view piece) {
            events("delta", boost::json::serialize(boost::json::object{{"text", piece}}));
          });
        });
        if (!answer) co_return answer.error();
        boost::json::object body{{"content", answer->content}};
        co_return paywall::WorkResult{200, "application/json", boost::json::serialize(body)};
      };
}

}  // namespace

Service vision_service(std::shared_ptr<engines::VisionEngine> engine, const ServiceContext& context,
                       const ServiceSettings& settings,
                       const engines::vision::InputLimits& limits) {
  Service s;
  s.name = "vision";
  s.summary = "Answer a question about an image";
  s.description = "Answers a question about an image.";
  s.price_sats = settings.price_sats;
  s.request_schema = &vision_request_schema();
  s.result_schema = &vision_result_schema();
  s.timeout_seconds = settings.timeout_seconds;
  s.parse = [limits](const boost::json::object& body) -> Expected<std::any, ApiError> {
    auto job = parse_vision_request(body, limits);
    if (!job) return unexpected(std::move(job.error()));
    return std::any(std::move(*job));
  };
  s.costly_parse = [limits](const boost::json::object& body) {
    return vision_decode_is_costly(body, limits);
  };
  s.megapixels = [](const http::Exchange& ex) {
    const auto* job = std::any_cast<engines::VisionJob>(&ex.attachment);
    return job ? static_cast<double>(job->width) * job->height / 1e6 : 0.0;
  };
  s.run = answer_question(std::move(engine), context, s.name);
  return s;
}

}  // namespace l402d::api
