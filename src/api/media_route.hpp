#pragma once

// GET /media/{name}: a stored file (a song) with ranges and caching, 410 once
// it is past the retention. A file that must first be copied from the
// database (MediaStore::may_block) is looked up on `blocking`.

#include <cstdint>
#include <functional>

#include "http/handler.hpp"
#include "http/worker_pool.hpp"
#include "store/media_store.hpp"

namespace l402d::api {

http::Handler media_handler(store::MediaStore& media, http::WorkerPool& blocking,
                            std::function<std::int64_t()> now = {});

}  // namespace l402d::api
