#include "api/music_service.hpp"

#include <boost/json.hpp>
#include <chrono>

#include "api/api_error.hpp"
#include "http/file_response.hpp"
#include "http/json_error.hpp"
#include "http/router.hpp"

namespace l402d::api {

namespace {
std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

http::StringResponse engine_failure(const http::Request& request, const engines::EngineError& e) {
  auto status = e.retryable() ? http::Status::service_unavailable : http::Status::bad_gateway;
  auto res = http::error_response(request, status, e.code(),
                                  std::string(e.what()) +
                                      ". Your payment is kept: repeat the same request with the "
                                      "same Authorization header to try again.");
  if (e.retryable()) res.set(http::Field::retry_after, "10");
  return res;
}

http::Handler music_handler(MusicServiceDeps deps) {
  return [deps](http::Exchange& ex) -> boost::asio::awaitable<http::Response> {
    const auto& job = std::any_cast<const engines::MusicJob&>(ex.attachment);
    auto started = std::chrono::steady_clock::now();
    engines::MusicResult result;
    try {
      result = co_await deps.workers.run([&] { return deps.engine.compose(job); });
    } catch (const engines::EngineError& e) {
      if (deps.metrics) {
        deps.metrics->add_counter("l402d_engine_failures_total",
                                  {{"service", "music"}, {"code", e.code()}});
      }
      co_return engine_failure(ex.request, e);
    }
    if (deps.metrics) {
      deps.metrics->observe(
          "l402d_engine_duration_seconds", {{"service", "music"}},
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    auto name =
        co_await deps.workers.run([&] { return deps.media.put(result.audio, result.extension); });
    boost::json::object body{{"audioUrl", deps.public_url() + "/media/" + name}};
    co_return http::make_response(ex.request, http::Status::ok, "application/json",
                                  boost::json::serialize(body));
  };
}

http::Handler media_handler(store::MediaStore& media, std::function<std::int64_t()> now) {
  if (!now) now = unix_now;
  return [&media, now](http::Exchange& ex) -> boost::asio::awaitable<http::Response> {
    auto name = http::Router::path_param(ex);
    auto found = media.find(name, now());
    if (found.state == store::MediaStore::Lookup::missing) {
      co_return http::error_response(ex.request, http::Status::not_found, "media_not_found",
                                     "No such media file.");
    }
    if (found.state == store::MediaStore::Lookup::expired) {
      co_return http::error_response(ex.request, http::Status::gone, "media_expired",
                                     "This file was kept for the retention period and is gone.");
    }
    http::FileOptions opts;
    opts.content_type = std::string(store::MediaStore::content_type_for(name));
    opts.cache_control = "private, max-age=3600, immutable";
    opts.etag = "\"" + std::string(name.substr(0, name.find('.'))) + "\"";
    auto res = http::file_response(ex.request, found.path, opts);
    res.set(http::Field::access_control_allow_origin, "*");
    co_return res;
  };
}

}  // namespace l402d::api
