#include "http/stream_sender.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <charconv>
#include <exception>
#include <optional>

#include "http/body_writer.hpp"
#include "http/response_head.hpp"

namespace l402d::http {

namespace asio = boost::asio;
namespace beast_http = boost::beast::http;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

namespace {

std::optional<std::uint64_t> declared_length(
    const beast_http::response<beast_http::empty_body>& h) {
  auto field = h[beast_http::field::content_length];
  if (field.empty()) return std::nullopt;
  std::uint64_t n = 0;
  auto [p, ec] = std::from_chars(field.data(), field.data() + field.size(), n);
  if (ec != std::errc() || p != field.data() + field.size()) return std::nullopt;
  return n;
}

template <class Stream>
asio::awaitable<boost::system::error_code> send_head(Stream& stream, const std::string& head,
                                                     std::chrono::milliseconds timeout) {
  boost::beast::get_lowest_layer(stream).expires_after(timeout);
  auto [ec, n] = co_await asio::async_write(stream, asio::buffer(head), tuple_awaitable);
  (void)n;
  co_return ec;
}

// Chooses the framing and sets the head's fields to match.
BodyWriter::Framing frame(beast_http::response<beast_http::empty_body>& head,
                          std::optional<std::uint64_t> length, bool& keep_alive) {
  if (length) return BodyWriter::Framing::raw;
  // A Content-Length that does not parse is of no use to the client either.
  head.erase(beast_http::field::content_length);
  if (head.version() >= 11) {
    head.chunked(true);
    return BodyWriter::Framing::chunked;
  }
  head.chunked(false);  // HTTP/1.0 has no chunks: the close ends the body
  keep_alive = false;
  return BodyWriter::Framing::raw;
}

// A producer that throws leaves the body unfinished on purpose: a client must
// not take a cut-off download for a whole one. Only failures that are neither
// the client's nor a stop are the server's own and worth an error.
void report_failure(std::exception_ptr failure, const BodyWriter& writer, bool stopping) {
  if (stopping || !writer.intact()) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    spdlog::error("streamed body failed after {} bytes: {}", writer.bytes_written(), e.what());
  } catch (...) {
    spdlog::error("streamed body failed after {} bytes", writer.bytes_written());
  }
}

}  // namespace

asio::awaitable<bool> send_stream(StreamResponse& response, bool keep_alive, bool head_only,
                                  const StreamContext& context) {
  auto& head = response.head;
  const auto length = declared_length(head);
  const auto framing = frame(head, length, keep_alive);
  head.keep_alive(keep_alive);
  context.head_buffer.clear();
  append_response_head(head, context.head_buffer);
  const auto ec = co_await std::visit(
      [&](auto* stream) { return send_head(*stream, context.head_buffer, context.chunk_timeout); },
      context.stream);
  if (ec) co_return false;
  if (head_only) co_return keep_alive;

  // Stopping already: an empty body would pass for a complete one.
  if (context.stop_requested) co_return false;
  BodyWriter writer(context.stream, framing, length, context.chunk_timeout, context.stop_requested);
  if (response.producer) {
    // A child coroutine, so that the stop signal reaches the producer's own
    // waits (timers, reads upstream) and not the rest of the connection.
    const auto executor =
        std::visit([](auto* stream) { return stream->get_executor(); }, context.stream);
    auto [failure] =
        co_await asio::co_spawn(executor, response.producer(writer),
                                asio::bind_cancellation_slot(context.stop_slot, tuple_awaitable));
    response.bytes_sent = writer.bytes_written();
    if (failure) {
      report_failure(failure, writer, context.stop_requested);
      co_return false;
    }
  }
  if (!co_await writer.finish()) co_return false;
  co_return keep_alive;
}

}  // namespace l402d::http
