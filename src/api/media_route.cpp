#include "api/media_route.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <optional>
#include <string>

#include "http/file_response.hpp"
#include "http/json_error.hpp"
#include "http/router.hpp"
#include "util/clock.hpp"

namespace l402d::api {

namespace {

// Nothing when the database could not be read.
boost::asio::awaitable<std::optional<store::MediaStore::Found>> look_up(store::MediaStore& media,
                                                                        http::WorkerPool& blocking,
                                                                        std::string name,
                                                                        std::int64_t now) {
  if (!media.may_block()) co_return media.find(name, now);
  try {
    co_return co_await blocking.run([&media, &name, now] { return media.find(name, now); });
  } catch (const std::exception& e) {
    spdlog::warn("media: cannot copy {} from the database: {}", name, e.what());
    co_return std::nullopt;
  }
}

}  // namespace

http::Handler media_handler(store::MediaStore& media, http::WorkerPool& blocking,
                            std::function<std::int64_t()> now) {
  if (!now) now = unix_now;
  return [&media, &blocking, now](http::Exchange& ex) -> boost::asio::awaitable<http::Response> {
    std::string name(http::Router::path_param(ex));
    const std::int64_t at = now();
    auto looked_up = co_await look_up(media, blocking, name, at);
    if (!looked_up) {
      co_return http::error_response(ex.request, http::Status::service_unavailable,
                                     "store_unavailable",
                                     "The database is unavailable; repeat the request shortly.");
    }
    const auto& found = *looked_up;
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
    co_return http::file_response(ex.request, found.path, opts);
  };
}

}  // namespace l402d::api
