#include "api/music_service.hpp"

#include <boost/json.hpp>

#include "api/engine_call.hpp"
#include "api/music_request.hpp"

namespace l402d::api {

namespace {

// How far the song is, for whoever listens (ex.events): a stream's client,
// or the gate recording a job's progress for its poll.
engines::ProgressSink progress_of(const http::Exchange& ex) {
  if (!ex.events) return {};
  return [events = ex.events](std::string_view stage, int percent) {
    events("progress",
           boost::json::serialize(boost::json::object{{"stage", stage}, {"percent", percent}}));
  };
}

// When every worker is busy the song waits: say where in the queue (1: next).
void report_queue_place(const http::Exchange& ex, const http::WorkerPool& workers) {
  if (!ex.events || workers.running() < static_cast<std::size_t>(workers.threads())) return;
  const auto place = static_cast<std::int64_t>(workers.queued()) + 1;
  ex.events("progress", boost::json::serialize(
                            boost::json::object{{"stage", "queued"}, {"queue_position", place}}));
}

gateway::PaidHandler compose_song(std::shared_ptr<engines::MusicEngine> engine,
                                  const ServiceContext& context, std::string name) {
  return
      [engine, context, name](http::Exchange& ex) -> boost::asio::awaitable<gateway::PaidOutcome> {
        const auto& job = std::any_cast<const engines::MusicJob&>(ex.attachment);
        // A named value, not a braced temporary: GCC 12 destroys temporaries in
        // a co_await expression twice.
        const EngineCall call{context.workers, context.metrics, name};
        const auto progress = progress_of(ex);
        report_queue_place(ex, context.workers);
        auto song = co_await run_engine(call, [&] { return engine->compose(job, progress); });
        if (!song) co_return song.error();
        auto file = co_await context.workers.run(
            [&] { return context.media.put(song->audio, song->extension); });
        boost::json::object body{{"audioUrl", context.public_url() + "/media/" + file}};
        co_return paywall::WorkResult{200, "application/json", boost::json::serialize(body)};
      };
}

}  // namespace

Service music_service(std::shared_ptr<engines::MusicEngine> engine, const ServiceContext& context,
                      const ServiceSettings& settings) {
  Service s;
  s.name = "music";
  s.summary = "Generate an original song";
  s.description =
      "Original songs with composed music and sung vocals from a style prompt and lyrics.";
  s.price_sats = settings.price_sats;
  s.request_schema = &music_request_schema();
  s.result_schema = &music_result_schema();
  s.timeout_seconds = settings.timeout_seconds;
  s.long_running = true;
  s.parse = [](const boost::json::object& body) -> Expected<std::any, ApiError> {
    auto job = parse_music_request(body);
    if (!job) return unexpected(std::move(job.error()));
    return std::any(std::move(*job));
  };
  s.run = compose_song(std::move(engine), context, s.name);
  return s;
}

}  // namespace l402d::api
