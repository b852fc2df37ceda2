#pragma once

// A blocking HTTP/1.1 client for tests: one connection, several requests.

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <string>

namespace l402d::testing {

class TestClient {
 public:
  explicit TestClient(std::uint16_t port) : stream_(ioc_) {
    stream_.connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }

  boost::beast::http::response<boost::beast::http::string_body> send(
      boost::beast::http::request<boost::beast::http::string_body> req) {
    if (req.version() == 0) req.version(11);
    req.set(boost::beast::http::field::host, "127.0.0.1");
    req.prepare_payload();
    boost::beast::http::write(stream_, req);
    return read();
  }

  boost::beast::http::response<boost::beast::http::string_body> read() {
    boost::beast::http::response<boost::beast::http::string_body> res;
    boost::beast::http::read(stream_, buffer_, res);
    return res;
  }

  // Reads the answer to a HEAD request: a head, whatever its Content-Length
  // says, and no body.
  boost::beast::http::response<boost::beast::http::string_body> read_head_only() {
    boost::beast::http::response_parser<boost::beast::http::string_body> parser;
    parser.skip(true);
    boost::beast::http::read(stream_, buffer_, parser);
    return parser.release();
  }

  // Writes raw bytes (for malformed requests).
  void write_raw(const std::string& bytes) {
    boost::asio::write(stream_.socket(), boost::asio::buffer(bytes));
  }

  // True if the server closed the connection (read returns EOF).
  bool closed_by_server() {
    boost::beast::error_code ec;
    char c;
    stream_.socket().read_some(boost::asio::buffer(&c, 1), ec);
    return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
  }

  boost::beast::tcp_stream& stream() { return stream_; }

 private:
  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

inline boost::beast::http::request<boost::beast::http::string_body> make_request(
    boost::beast::http::verb method, std::string target, std::string body = {},
    std::string content_type = "application/json") {
  boost::beast::http::request<boost::beast::http::string_body> req{method, target, 11};
  if (!body.empty()) req.set(boost::beast::http::field::content_type, content_type);
  req.body() = std::move(body);
  return req;
}

}  // namespace l402d::testing
