#pragma once

// One API's HTTP/1.1 server: plain or TLS, keep-alive, chunked streams and
// WebSocket upgrades, written on Beast because it must also do TLS (the
// project's http::Server does not). Every answer waits --latency-ms on a
// timer first. Offline closes the listening socket (new connections are
// refused, as from a node that is down) and drops every open connection,
// streams and WebSockets included; online listens again on the same port.
// A fault (garbage, hangup) spoils every answer while the socket stays up: the
// failures of a node behind a broken proxy, or one that crashes mid-call.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "lnsim/http_exchange.hpp"
#include "lnsim/io_loops.hpp"

namespace l402d::lnsim {

// What every answer of one API suffers, besides latency.
enum class Fault {
  none,
  garbage,  // 200 with a body that is not the API's JSON; WebSockets send such a frame
  hangup,   // the request is read, then the connection closes with no answer
};
std::string_view name_of(Fault fault);
std::optional<Fault> fault_from_name(std::string_view name);

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

  // Setting a fault also drops every open connection, so that streams and
  // WebSockets reconnect into it rather than carry on unspoilt.
  boost::asio::awaitable<void> set_fault(Fault fault);
  Fault fault() const;

  // Connections held open by a long poll, a stream or a WebSocket: how a test
  // sees that a client's notification channel is back after a failure.
  int held() const;

  // Closes the listening socket and drops every connection. Blocking; call it
  // from outside the I/O threads, before they stop.
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace l402d::lnsim
