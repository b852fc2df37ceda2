#pragma once

// GET /media/{name}: a stored file (a song) with ranges and caching, 410 once
// it is past the retention.

#include <cstdint>
#include <functional>

#include "http/handler.hpp"
#include "store/media_store.hpp"

namespace l402d::api {

http::Handler media_handler(store::MediaStore& media, std::function<std::int64_t()> now = {});

}  // namespace l402d::api
