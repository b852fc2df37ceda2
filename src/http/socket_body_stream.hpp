#pragma once

// The server's BodyStream: the body of the request whose head was just read,
// parsed from the connection's buffer and socket into one reused piece.
// Internal to the server, a template over its plain or TLS stream.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "http/body_stream.hpp"

namespace l402d::http {

template <class Stream>
class SocketBodyStream final : public BodyStream {
 public:
  using Parser = boost::beast::http::request_parser<boost::beast::http::buffer_body>;
  static constexpr std::size_t kPieceSize = 64 * 1024;

  // `parser` has read the head and nothing of the body yet.
  SocketBodyStream(Stream& stream, boost::beast::flat_buffer& buffer, Parser& parser,
                   std::chrono::milliseconds piece_timeout, bool send_continue)
      : stream_(stream),
        buffer_(buffer),
        parser_(parser),
        piece_timeout_(piece_timeout),
        send_continue_(send_continue) {}

  std::uint64_t length() const override { return parser_.content_length().value_or(0); }
  bool done() const override { return parser_.is_done(); }

  boost::asio::awaitable<std::optional<std::string_view>> next() override {
    namespace beast_http = boost::beast::http;
    constexpr auto tuple = boost::asio::as_tuple(boost::asio::use_awaitable);
    if (send_continue_) {
      send_continue_ = false;
      beast_http::response<beast_http::empty_body> cont{beast_http::status::continue_, 11};
      expires_after(piece_timeout_);
      auto [ec, n] = co_await beast_http::async_write(stream_, cont, tuple);
      (void)n;
      if (ec) throw BodyStreamError(BodyStreamError::Kind::cut, "the client went away");
    }
    while (!parser_.is_done()) {
      parser_.get().body().data = piece_.data();
      parser_.get().body().size = piece_.size();
      // Bytes already buffered are parsed before the socket is read.
      expires_after(piece_timeout_);
      auto [ec, n] = co_await beast_http::async_read_some(stream_, buffer_, parser_, tuple);
      (void)n;
      if (ec && ec != beast_http::error::need_buffer) fail(ec);
      const auto got = piece_.size() - parser_.get().body().size;
      if (got > 0) co_return std::string_view(piece_.data(), got);
    }
    co_return std::nullopt;
  }

 private:
  void expires_after(std::chrono::milliseconds t) {
    boost::beast::get_lowest_layer(stream_).expires_after(t);
  }
  [[noreturn]] static void fail(const boost::beast::error_code& ec) {
    if (ec == boost::beast::error::timeout)
      throw BodyStreamError(BodyStreamError::Kind::timeout, "the request body stopped arriving");
    throw BodyStreamError(BodyStreamError::Kind::cut,
                          "the request body broke off before its end: " + ec.message());
  }

  Stream& stream_;
  boost::beast::flat_buffer& buffer_;
  Parser& parser_;
  std::chrono::milliseconds piece_timeout_;
  bool send_continue_;
  std::vector<char> piece_ = std::vector<char>(kPieceSize);
};

}  // namespace l402d::http
