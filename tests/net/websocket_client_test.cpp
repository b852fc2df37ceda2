// The websocket client against a small Beast echo server, plain and TLS.

#include "net/websocket_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <mutex>
#include <thread>

#include "net/test_cert.hpp"

namespace l402d::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ws = beast::websocket;
using tcp = asio::ip::tcp;

// Echoes every message; "bye" makes it close the connection.
class EchoServer {
 public:
  explicit EchoServer(const testing::TestCert* cert = nullptr) : acceptor_(io_, {tcp::v4(), 0}) {
    if (cert) {
      tls_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
      tls_->use_certificate_chain(asio::buffer(cert->cert_pem));
      tls_->use_private_key(asio::buffer(cert->key_pem), asio::ssl::context::pem);
    }
    asio::co_spawn(io_, accept(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~EchoServer() {
    io_.stop();
    thread_.join();
  }
  std::string url() const {
    return std::string(tls_ ? "wss" : "ws") +
           "://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/ws";
  }
  std::string seen_authorization() {
    std::lock_guard lock(mutex_);
    return authorization_;
  }

 private:
  asio::awaitable<void> accept() {
    for (;;) {
      auto socket = co_await acceptor_.async_accept(asio::use_awaitable);
      if (tls_) {
        asio::co_spawn(io_, serve_tls(std::move(socket)), asio::detached);
      } else {
        asio::co_spawn(io_, serve(ws::stream<beast::tcp_stream>(std::move(socket))),
                       asio::detached);
      }
    }
  }
  asio::awaitable<void> serve_tls(tcp::socket socket) {
    ws::stream<beast::ssl_stream<beast::tcp_stream>> s(std::move(socket), *tls_);
    co_await s.next_layer().async_handshake(asio::ssl::stream_base::server, asio::use_awaitable);
    co_await serve(std::move(s));
  }
  template <class Stream>
  asio::awaitable<void> serve(Stream s) {
    beast::http::request<beast::http::string_body> upgrade;
    beast::flat_buffer buffer;
    co_await beast::http::async_read(s.next_layer(), buffer, upgrade, asio::use_awaitable);
    {
      std::lock_guard lock(mutex_);
      authorization_ = std::string(upgrade[beast::http::field::authorization]);
    }
    co_await s.async_accept(upgrade, asio::use_awaitable);
    try {
      for (;;) {
        beast::flat_buffer message;
        co_await s.async_read(message, asio::use_awaitable);
        auto text = beast::buffers_to_string(message.data());
        if (text == "bye") {
          co_await s.async_close(ws::close_code::normal, asio::use_awaitable);
          co_return;
        }
        co_await s.async_write(message.data(), asio::use_awaitable);
      }
    } catch (const std::exception&) {
    }
  }

  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::unique_ptr<asio::ssl::context> tls_;
  std::thread thread_;
  std::mutex mutex_;
  std::string authorization_;
};

template <class T>
T run(asio::awaitable<T> call) {
  asio::io_context io;
  auto result = asio::co_spawn(io, std::move(call), asio::use_future);
  io.run();
  return result.get();
}

asio::awaitable<std::string> echo(std::string url, WebSocketOptions options, std::string text) {
  auto socket = co_await WebSocket::connect(std::move(url), std::move(options));
  co_await socket->write(text);
  auto back = co_await socket->read();
  co_await socket->close();
  co_return back;
}

TEST(WebSocket, EchoesAndSendsTheUpgradeHeaders) {
  EchoServer server;
  WebSocketOptions o;
  o.headers = {{"Authorization", "Basic OnNlY3JldA=="}};
  EXPECT_EQ(run(echo(server.url(), o, R"(["REQ","sub",{}])")), R"(["REQ","sub",{}])");
  EXPECT_EQ(server.seen_authorization(), "Basic OnNlY3JldA==");
}

TEST(WebSocket, APeerCloseIsAnError) {
  EchoServer server;
  auto read_after_bye = [&]() -> asio::awaitable<void> {
    WebSocketOptions options;  // named: GCC 12 destroys a braced temporary in co_await twice
    auto socket = co_await WebSocket::connect(server.url(), options);
    co_await socket->write("bye");
    co_await socket->read();
  };
  EXPECT_THROW(run(read_after_bye()), HttpError);
}

TEST(WebSocket, PinnedTlsWorksAndAnotherCertificateIsRefused) {
  testing::TempDir dir;
  auto cert = testing::make_test_cert(dir.path(), "relay");
  auto other = testing::make_test_cert(dir.path(), "other");
  EchoServer server(&cert);
  WebSocketOptions pinned;
  pinned.pinned_cert_file = cert.cert_file.string();
  EXPECT_EQ(run(echo(server.url(), pinned, "hello")), "hello");
  WebSocketOptions wrong;
  wrong.pinned_cert_file = other.cert_file.string();
  try {
    run(echo(server.url(), wrong, "hello"));
    FAIL() << "trusted another certificate";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.kind(), HttpError::Kind::tls) << e.what();
  }
}

TEST(WebSocket, NobodyListeningIsAnError) {
  EXPECT_THROW(run(echo("ws://127.0.0.1:1/", {}, "x")), HttpError);
}

}  // namespace
}  // namespace l402d::net
