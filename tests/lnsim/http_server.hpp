#pragma once

// One API's HTTP/1.1 server: plain or TLS, keep-alive, chunked streams and
// WebSocket upgrades, written on Beast because it must also do TLS (the
// project's http::Server does not). Every answer waits --latency-ms on a
// timer first. Offline closes the listening socket (new connections are
// refused, as from a node that is down) and drops every open connection,
// streams and WebSockets included; online listens again on the same port.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "lnsim/http_exchange.hpp"
#include "lnsim/io_loops.hpp"

namespace l402d::lnsim {

struct HttpServerOptions {
  std::string name;  // for log lines
  std::string host = "127.0.0.1";
  std::shared_ptr<boost::asio::ssl::context> tls;  // null: plain HTTP
  const std::atomic<int>* latency_ms = nullptr;    // null: answers are not delayed
};

class HttpServer {
 public:
  HttpServer(IoLoops& loops, HttpServerOptions options, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listens on an ephemeral port. Throws std::runtime_error when it cannot.
  void start();
  std::uint16_t port() const;

  // From a coroutine on any I/O thread.
  boost::asio::awaitable<void> set_offline(bool offline);
  // From a thread that is not an I/O thread (tests, shutdown).
  void set_offline_blocking(bool offline);
  bool offline() const;

  // Closes the listening socket and drops every connection. Blocking; call it
  // from outside the I/O threads, before they stop.
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace l402d::lnsim
