#pragma once

// The server's side of a StreamResponse: head, producer, end of body. Kept out
// of server.cpp so that the connection loop reads as one request after another.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <chrono>
#include <string>

#include "http/connection_stream.hpp"
#include "http/stream_response.hpp"

namespace l402d::http {

struct StreamContext {
  ConnectionStream stream;
  std::string& head_buffer;  // the connection's, reused
  std::chrono::milliseconds chunk_timeout;
  // The connection's stop flag and the slot its stop signal is emitted on;
  // the producer runs with that slot, so stop() cancels whatever it awaits.
  const bool& stop_requested;
  boost::asio::cancellation_slot stop_slot;
};

// Sends the head and, unless `head_only` (a HEAD request), the body. Returns
// whether the connection may serve another request: only when the message
// went out complete and `keep_alive`.
boost::asio::awaitable<bool> send_stream(StreamResponse& response, bool keep_alive, bool head_only,
                                         const StreamContext& context);

}  // namespace l402d::http
