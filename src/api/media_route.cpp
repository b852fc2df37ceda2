#include "api/media_route.hpp"

#include <chrono>

#include "http/file_response.hpp"
#include "http/json_error.hpp"
#include "http/router.hpp"
#include "util/clock.hpp"

namespace l402d::api {

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
    co_return http::file_response(ex.request, found.path, opts);
  };
}

}  // namespace l402d::api
