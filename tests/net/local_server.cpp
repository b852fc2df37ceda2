#include "net/local_server.hpp"

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <mutex>
#include <optional>
#include <thread>

namespace l402d::net::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct LocalServer::Impl {
  Impl(Handler h, std::optional<asio::ssl::context> context)
      : handler(std::move(h)), tls(std::move(context)) {
    asio::co_spawn(io, accept_loop(), asio::detached);
    thread = std::thread([this] { io.run(); });
  }
  ~Impl() {
    io.stop();
    thread.join();
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
      ++accepted;
      asio::co_spawn(io, connection(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> connection(tcp::socket socket) {
    try {
      if (!tls) {
        co_await serve(socket);
        co_return;
      }
      asio::ssl::stream<tcp::socket> stream(std::move(socket), *tls);
      co_await stream.async_handshake(asio::ssl::stream_base::server, asio::use_awaitable);
      co_await serve(stream);
    } catch (const std::exception&) {
      // The client went away or refused our certificate: what several tests want.
    }
  }

  template <typename Stream>
  asio::awaitable<void> serve(Stream& stream) {
    boost::beast::flat_buffer buffer;
    for (;;) {
      Request request;
      co_await http::async_read(stream, buffer, request, asio::use_awaitable);
      {
        std::lock_guard lock(mutex);
        targets.emplace_back(request.target());
      }
      Response response = handler(request);
      response.keep_alive(request.keep_alive());
      response.prepare_payload();
      co_await http::async_write(stream, response, asio::use_awaitable);
      if (!response.keep_alive()) co_return;
    }
  }

  // Destroyed after io, whose destruction frees the connections still using them.
  Handler handler;
  std::optional<asio::ssl::context> tls;
  mutable std::mutex mutex;
  std::vector<std::string> targets;
  std::atomic<std::size_t> accepted{0};
  asio::io_context io;
  tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::uint16_t port = acceptor.local_endpoint().port();  // read here: the acceptor is io's
  std::thread thread;
};

namespace {

asio::ssl::context server_context(const TestCert& cert) {
  asio::ssl::context context(asio::ssl::context::tls_server);
  context.use_certificate_chain(asio::buffer(cert.cert_pem));
  context.use_private_key(asio::buffer(cert.key_pem), asio::ssl::context::pem);
  return context;
}

}  // namespace

LocalServer::LocalServer(Handler handler)
    : impl_(std::make_unique<Impl>(std::move(handler), std::nullopt)) {}

LocalServer::LocalServer(Handler handler, const TestCert& cert)
    : impl_(std::make_unique<Impl>(std::move(handler), server_context(cert))) {}

LocalServer::~LocalServer() = default;

std::string LocalServer::url(std::string_view path) const {
  return std::string(impl_->tls ? "https" : "http") +
         "://127.0.0.1:" + std::to_string(impl_->port) + std::string(path);
}

std::size_t LocalServer::accepted_connections() const {
  return impl_->accepted.load();
}

std::vector<std::string> LocalServer::targets() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->targets;
}

LocalServer::Response LocalServer::reply(const Request& request, unsigned status,
                                         std::string body) {
  Response response(static_cast<http::status>(status), request.version());
  response.set(http::field::content_type, "text/plain");
  response.body() = std::move(body);
  return response;
}

}  // namespace l402d::net::testing
