#pragma once

// The HTTP/1.1 server: Boost.Beast over Asio with C++20 coroutines, keep-alive,
// limits and timeouts against slow or hostile clients, streamed bodies, and a
// graceful stop (no new connections, in-flight requests finish, idle keep-alive
// connections close, streams end).
//
// Stopping is by cancellation: every connection has a cancellation signal that
// stop() emits on the connection's own thread. It reaches only what may be cut
// short: the wait for the next request and a streaming producer's waits and
// writes. A handler computing an ordinary response is left to finish within
// shutdown_grace.
//
// Threads: one io_context per I/O thread (nginx's worker model), each
// connection living on one of them, handed out round-robin by the acceptor.
// A connection's handlers then never run concurrently, so they need no strand,
// and a request is served start to finish on one thread without waking another
// one: one shared io_context run by several threads spent more time in those
// wake-ups and strand hand-offs than in parsing HTTP (docs/benchmarks.md).
//
// TLS (ServerOptions::tls): every connection on the port starts with a
// handshake, then runs the same request loop over the TLS stream; the loop is
// a template over the stream, so plain HTTP pays nothing for it. Each
// connection keeps the certificate it was accepted with; reload_tls() swaps
// in a new one for the connections that follow.
//
// The server knows nothing of L402 or engines: it parses, calls one Handler,
// writes. Engine work must not run on these threads; handlers hop to a worker
// pool (see WorkerPool) and back.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http/handler.hpp"
#include "http/tls_certificates.hpp"

namespace l402d::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8402;  // 0: pick a free port (tests); see Server::port()
  int io_threads = 2;
  std::uint32_t header_limit_bytes = 16 * 1024;
  std::uint64_t body_limit_bytes = 16ULL * 1024 * 1024;  // real photos fit
  std::chrono::milliseconds read_timeout{30'000};        // whole request, header and body
  std::chrono::milliseconds idle_timeout{60'000};        // between keep-alive requests
  std::chrono::milliseconds write_timeout{60'000};       // whole in-memory or file response
  // Each write of a streamed response (its head, every chunk): a stream may
  // last as long as its producer likes, but a client that stops reading is
  // cut off after this long.
  std::chrono::milliseconds stream_chunk_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{120'000};  // longest in-flight job we wait for
  // Open connections beyond which a new one is accepted and closed at once
  // (it costs a descriptor each). start() lowers it to the process's
  // descriptor limit (RLIMIT_NOFILE) less kDescriptorReserve, kept for the
  // store, upstreams, the node and media files; 0: only that bound.
  std::size_t max_connections = 10'000;
  // Adds headers to the errors the server answers itself, before any handler
  // (400 bad HTTP, 413 body too large, 431 headers too large): e.g. CORS, so
  // that a browser can read why its request was refused.
  std::function<void(Response&)> decorate_own_errors;
  // Set: the port speaks HTTPS only (TLS 1.2+), with a handshake within
  // read_timeout. Unset: plain HTTP (the default, for loopback or a proxy).
  std::optional<TlsFiles> tls;
  // Asked once a request's head is read (a Router's streamed_body_limit): a
  // limit means the route takes a body of declared length as it arrives
  // (Exchange::body_stream), up to that many bytes, instead of having it
  // read whole first up to body_limit_bytes. Unset: every body is read whole.
  std::function<std::optional<std::uint64_t>(const Request&)> streamed_body_limit;
};

// Descriptors start() keeps out of max_connections' reach.
inline constexpr std::size_t kDescriptorReserve = 128;

// Called once per request after the response is written (or failed to write):
// the access log and metrics hook. Must be cheap and must not throw.
using CompletionHook = std::function<void(const Exchange&, const Response&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler, CompletionHook on_complete = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the TLS files (when set), binds and starts the I/O threads. Throws
  // std::runtime_error naming the file or the address that failed.
  void start();
  // Reads the TLS files again into a new context that new connections get;
  // open ones keep theirs. Safe from any thread. Returns false when the
  // server has no TLS. Throws std::runtime_error naming the file when they do
  // not load; the previous certificate then stays in use.
  bool reload_tls();
  // Graceful stop; safe from any thread (e.g. a signal watcher) and idempotent.
  // Returns at once; wait() returns when the last connection has closed, or
  // after shutdown_grace.
  void stop();
  // Blocks until the server has stopped.
  void wait();

  std::uint16_t port() const { return bound_port_; }
  std::size_t open_connections() const { return connections_.load(); }
  // The cap in force after start(): max_connections bounded by RLIMIT_NOFILE.
  std::size_t connection_limit() const { return connection_limit_.load(); }
  // Connections closed at once because connection_limit() were open.
  std::uint64_t refused_connections() const { return refused_.load(); }
  std::size_t requests_in_flight() const { return in_flight_.load(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<std::uint16_t> bound_port_{0};
  std::atomic<std::size_t> connections_{0};
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::size_t> connection_limit_{0};
  std::atomic<std::uint64_t> refused_{0};
};

}  // namespace l402d::http
