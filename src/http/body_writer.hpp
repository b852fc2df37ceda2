#pragma once

// What a streaming producer writes its body through (see StreamResponse).
// Every write goes to the socket at once, as one chunk: there is no buffer to
// flush, so an event reaches the client when it is written. Each write has its
// own deadline (ServerOptions::stream_chunk_timeout), not the response as a
// whole: a stream may last hours, but a client that stops reading is cut off.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "http/connection_stream.hpp"

namespace l402d::http {

class BodyWriter {
 public:
  enum class Framing { chunked, raw };

  // `stop_requested` is the connection's stop flag: set, on the connection's
  // thread, when the server stops.
  BodyWriter(ConnectionStream stream, Framing framing, std::optional<std::uint64_t> content_length,
             std::chrono::milliseconds chunk_timeout, const bool& stop_requested);

  // Sends `data` (one chunk when chunked; nothing when empty, since an empty
  // chunk would end the body). Throws boost::system::system_error when the
  // body cannot go on: the server is stopping (operation_aborted), the client
  // is gone or did not take the chunk within the chunk timeout, or the body
  // would exceed its Content-Length.
  boost::asio::awaitable<void> write(std::string_view data);

  // True once the producer should stop: the server is stopping or a write failed.
  bool cancelled() const { return stop_requested_ || broken_; }
  std::uint64_t bytes_written() const { return written_; }

  // For the server, after the producer returned. Whether the bytes on the
  // wire are still a well-formed message prefix (no write failed midway).
  bool intact() const { return !broken_; }
  // Ends the body (the last chunk when chunked). Returns whether the message
  // is complete, so that the connection can serve another request.
  boost::asio::awaitable<bool> finish();

 private:
  boost::asio::awaitable<boost::system::error_code> send(std::string_view size_line,
                                                         std::string_view data,
                                                         std::string_view trailer);

  ConnectionStream stream_;
  Framing framing_;
  std::optional<std::uint64_t> content_length_;
  std::chrono::milliseconds chunk_timeout_;
  const bool& stop_requested_;
  bool broken_ = false;
  std::uint64_t written_ = 0;
};

}  // namespace l402d::http
