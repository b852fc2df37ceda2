#include "push_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <mutex>
#include <thread>
#include <vector>

namespace l402d::lightning::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ws = beast::websocket;
using tcp = asio::ip::tcp;
using Socket = ws::stream<beast::tcp_stream>;

struct PushServer::Impl {
  explicit Impl(Handler h) : handler(std::move(h)) {
    asio::co_spawn(io, accept_loop(), asio::detached);
    thread = std::thread([this] { io.run(); });
  }
  ~Impl() {
    io.stop();
    thread.join();
    std::lock_guard lock(mutex);
    open.clear();  // before io: the streams are io's
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto socket = co_await acceptor.async_accept(asio::use_awaitable);
      asio::co_spawn(io, connection(beast::tcp_stream(std::move(socket))), asio::detached);
    }
  }

  asio::awaitable<void> connection(beast::tcp_stream stream) {
    try {
      beast::flat_buffer buffer;
      for (;;) {
        Request request;
        co_await http::async_read(stream, buffer, request, asio::use_awaitable);
        Response response = handler(request);
        if (ws::is_upgrade(request) && response.result() == http::status::switching_protocols) {
          co_await websocket(std::move(stream), std::move(request));
          co_return;
        }
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        co_await http::async_write(stream, response, asio::use_awaitable);
        if (!response.keep_alive()) co_return;
      }
    } catch (const std::exception&) {
      // The client went away: what several tests want.
    }
  }

  asio::awaitable<void> websocket(beast::tcp_stream stream, Request upgrade) {
    auto socket = std::make_shared<Socket>(std::move(stream));
    co_await socket->async_accept(upgrade, asio::use_awaitable);
    {
      std::lock_guard lock(mutex);
      open.push_back(socket);
    }
    try {
      for (;;) {
        beast::flat_buffer message;  // reading answers the client's pings
        co_await socket->async_read(message, asio::use_awaitable);
      }
    } catch (const std::exception&) {
    }
    std::lock_guard lock(mutex);
    std::erase(open, socket);
  }

  asio::awaitable<void> write_all(std::string text) {
    std::vector<std::shared_ptr<Socket>> sockets;
    {
      std::lock_guard lock(mutex);
      sockets = open;
    }
    for (auto& s : sockets) {
      s->text(true);
      boost::system::error_code ec;
      co_await s->async_write(asio::buffer(text), asio::redirect_error(asio::use_awaitable, ec));
    }
  }

  void close_all() {
    std::lock_guard lock(mutex);
    for (auto& s : open) {
      boost::system::error_code ec;
      beast::get_lowest_layer(*s).socket().close(ec);
    }
  }

  Handler handler;
  mutable std::mutex mutex;
  asio::io_context io;
  tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::uint16_t port = acceptor.local_endpoint().port();
  std::vector<std::shared_ptr<Socket>> open;  // after io: cleared before it goes
  std::thread thread;
};

PushServer::PushServer(Handler handler) : impl_(std::make_unique<Impl>(std::move(handler))) {}
PushServer::~PushServer() = default;

std::string PushServer::url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port);
}

std::size_t PushServer::sockets() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->open.size();
}

bool PushServer::wait_for_sockets(std::size_t n, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (sockets() < n) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

void PushServer::push(const std::string& text) {
  asio::co_spawn(impl_->io, impl_->write_all(text), asio::use_future).get();
}

void PushServer::drop_sockets() {
  asio::post(impl_->io, [this] { impl_->close_all(); });
}

PushServer::Response PushServer::reply(const Request& request, unsigned status, std::string body) {
  Response response(static_cast<http::status>(status), request.version());
  response.set(http::field::content_type, "application/json");
  response.body() = std::move(body);
  return response;
}

}  // namespace l402d::lightning::testing
