#pragma once

// A TLS HTTP/1.1 client for tests: one connection, several requests, every
// operation under a deadline so that a server that hangs fails the test. It
// trusts any certificate: tests compare the peer's fingerprint instead.

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "support/tls_cert.hpp"

namespace l402d::testing {

class TlsClient {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;

  explicit TlsClient(std::uint16_t port) : context_(make_context()), stream_(ioc_, *context_) {
    run(connect(port));
  }

  Response send(Request req) {
    if (req.version() == 0) req.version(11);
    req.set(boost::beast::http::field::host, "127.0.0.1");
    req.prepare_payload();
    return run(exchange(std::move(req)));
  }

  // The SHA-256 of the certificate the server presented on this connection.
  std::string peer_fingerprint() {
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        SSL_get1_peer_certificate(stream_.native_handle()), &X509_free);
    return cert ? cert_fingerprint(cert.get()) : std::string();
  }

  std::chrono::milliseconds deadline{5000};

 private:
  static std::shared_ptr<boost::asio::ssl::context> make_context() {
    auto c = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
    c->set_verify_mode(boost::asio::ssl::verify_none);
    return c;
  }

  template <class T>
  T run(boost::asio::awaitable<T> task) {
    auto result = boost::asio::co_spawn(ioc_, std::move(task), boost::asio::use_future);
    ioc_.restart();
    ioc_.run();
    return result.get();
  }

  boost::asio::awaitable<void> connect(std::uint16_t port) {
    auto& tcp = boost::beast::get_lowest_layer(stream_);
    tcp.expires_after(deadline);
    co_await tcp.async_connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port),
        boost::asio::use_awaitable);
    co_await stream_.async_handshake(boost::asio::ssl::stream_base::client,
                                     boost::asio::use_awaitable);
  }

  boost::asio::awaitable<Response> exchange(Request req) {
    boost::beast::get_lowest_layer(stream_).expires_after(deadline);
    co_await boost::beast::http::async_write(stream_, req, boost::asio::use_awaitable);
    Response res;
    co_await boost::beast::http::async_read(stream_, buffer_, res, boost::asio::use_awaitable);
    co_return res;
  }

  boost::asio::io_context ioc_;
  std::shared_ptr<boost::asio::ssl::context> context_;
  boost::beast::ssl_stream<boost::beast::tcp_stream> stream_;
  boost::beast::flat_buffer buffer_;
};

}  // namespace l402d::testing
