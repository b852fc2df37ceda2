#pragma once

// Runs one coroutine to its end on a private event loop, for callers that
// have none (start-up checks, `l402d challenge`, the l402 client, tests). Rethrows what the
// call throws. Never from a server's I/O thread: it blocks that thread.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace l402d {

template <class T>
T run_blocking(boost::asio::awaitable<T> call) {
  boost::asio::io_context io;
  auto result = boost::asio::co_spawn(io, std::move(call), boost::asio::use_future);
  io.run();
  return result.get();
}

}  // namespace l402d
