#include "http/body_writer.hpp"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/system/system_error.hpp>
#include <charconv>

namespace l402d::http {

namespace asio = boost::asio;

namespace {

template <class Stream, class Buffers>
asio::awaitable<boost::system::error_code> write_within(Stream& stream, const Buffers& buffers,
                                                        std::chrono::milliseconds timeout) {
  boost::beast::get_lowest_layer(stream).expires_after(timeout);
  auto [ec, n] = co_await asio::async_write(stream, buffers, asio::as_tuple(asio::use_awaitable));
  (void)n;
  co_return ec;
}

}  // namespace

BodyWriter::BodyWriter(ConnectionStream stream, Framing framing,
                       std::optional<std::uint64_t> content_length,
                       std::chrono::milliseconds chunk_timeout, const bool& stop_requested)
    : stream_(stream),
      framing_(framing),
      content_length_(content_length),
      chunk_timeout_(chunk_timeout),
      stop_requested_(stop_requested) {}

asio::awaitable<void> BodyWriter::write(std::string_view data) {
  // Checked before touching the socket, so that a stop leaves the framing
  // intact and the server can still end the body cleanly.
  if (stop_requested_) throw boost::system::system_error(asio::error::operation_aborted);
  if (broken_) throw boost::system::system_error(asio::error::broken_pipe);
  if (data.empty()) co_return;
  if (content_length_ && data.size() > *content_length_ - written_) {
    // Not sent: the client would read the excess as the next response.
    throw boost::system::system_error(boost::beast::http::error::body_limit);
  }
  boost::system::error_code ec;
  if (framing_ == Framing::raw) {
    ec = co_await send({}, data, {});
  } else {
    std::array<char, 2 * sizeof(std::size_t) + 2> line;
    // The array has room for any size_t in hex, so to_chars cannot fail.
    auto end = std::to_chars(line.data(), line.data() + line.size() - 2, data.size(), 16).ptr;
    *end++ = '\r';
    *end++ = '\n';
    ec = co_await send({line.data(), static_cast<std::size_t>(end - line.data())}, data, "\r\n");
  }
  if (ec) throw boost::system::system_error(ec);
  written_ += data.size();
}

asio::awaitable<bool> BodyWriter::finish() {
  if (broken_) co_return false;
  if (framing_ == Framing::chunked) co_return !co_await send({}, "0\r\n\r\n", {});
  // A raw body is complete only at its declared length; without one the
  // connection's close ends it.
  co_return content_length_ == written_;
}

asio::awaitable<boost::system::error_code> BodyWriter::send(std::string_view size_line,
                                                            std::string_view data,
                                                            std::string_view trailer) {
  const std::array<asio::const_buffer, 3> wire{asio::buffer(size_line), asio::buffer(data),
                                               asio::buffer(trailer)};
  const auto ec = co_await std::visit(
      [&](auto* stream) { return write_within(*stream, wire, chunk_timeout_); }, stream_);
  if (ec) broken_ = true;  // maybe midway through a chunk: nothing more may follow
  co_return ec;
}

}  // namespace l402d::http
