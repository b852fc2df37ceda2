#pragma once

// Outbound HTTP from an event loop: Boost.Beast over Asio coroutines, for the
// calls a request waits on (a Lightning backend making an invoice) and the
// long-lived streams a backend listens to (LND's invoice subscription). A
// slow node holds a suspended coroutine, never a thread, so thousands of
// calls can be in flight on the server's few I/O threads.
//
// Same request and response types as the blocking HttpClient (libcurl), and
// the same TLS trust rules (tls_trust.hpp). Transport failures throw
// HttpError; any HTTP status is a response.
//
// Keep-alive: connections are pooled per event loop. A call borrows an idle
// connection that was opened on its own executor's io_context, so a
// server running one io_context per thread never hands a socket across
// threads; the pool lives in that io_context and closes with it. A borrowed
// connection that turns out closed before any response byte arrives is
// replaced once by a new one.
//
// Redirects are returned as responses, never followed.

#include <boost/asio/awaitable.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "net/http_types.hpp"

namespace l402d::net {

// A request body sent as it is produced (a proxied upload): exactly `length`
// bytes, in the pieces `next` returns until nullopt. What `next` throws
// reaches the caller of open() as it is.
struct BodySource {
  std::uint64_t length = 0;
  std::function<boost::asio::awaitable<std::optional<std::string_view>>()> next;
};

struct AsyncHttpClientOptions {
  std::string ca_file;                  // see HttpRequest::ca_file
  std::string pinned_cert_file;         // see HttpRequest::pinned_cert_file
  std::size_t max_idle_per_loop = 512;  // per io_context and origin
};

class AsyncHttpClient {
 public:
  // Throws HttpError(tls) when a trust file cannot be used.
  explicit AsyncHttpClient(AsyncHttpClientOptions options = {});
  ~AsyncHttpClient();
  AsyncHttpClient(const AsyncHttpClient&) = delete;
  AsyncHttpClient& operator=(const AsyncHttpClient&) = delete;

  // One exchange on the calling coroutine's executor. request.timeout bounds
  // the whole exchange; request.ca_file/pinned_cert_file are ignored (trust
  // is the client's).
  boost::asio::awaitable<HttpResponse> perform(HttpRequest request);

  // For streamed bodies: the head as a response (empty body), then each
  // piece of the body to `sink` as it arrives, until the body ends, the sink
  // returns false, or no byte arrives for request.timeout (HttpError
  // timeout).
  boost::asio::awaitable<HttpResponse> stream(HttpRequest request, BodySink sink);

  // The pull form of stream(), for a caller that awaits between pieces (a
  // proxy writing each piece to its own client): request.timeout bounds the
  // exchange up to the head, then each next() on its own. Use the stream on
  // the executor that opened it.
  class ResponseStream;
  boost::asio::awaitable<std::unique_ptr<ResponseStream>> open(HttpRequest request);
  // The same with the body taken from `body` as it is sent, all of it before
  // the answer is read (request.body is ignored). Such a request always goes
  // on a new connection: a body that cannot be sent again is never risked on
  // a pooled one the server may have closed meanwhile. request.timeout
  // bounds each write of the body, not the wait for the next piece.
  boost::asio::awaitable<std::unique_ptr<ResponseStream>> open(HttpRequest request,
                                                               BodySource body);

 private:
  boost::asio::awaitable<std::unique_ptr<ResponseStream>> open_stream(HttpRequest& request,
                                                                      const BodySource* upload);
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

class AsyncHttpClient::ResponseStream {
 public:
  ~ResponseStream();
  ResponseStream(const ResponseStream&) = delete;
  ResponseStream& operator=(const ResponseStream&) = delete;

  // Status and headers (names lower-cased); the body comes from next().
  const HttpResponse& head() const;
  // Whether the whole body has already arrived (with the head, for a short
  // one): next() then hands it on without waiting.
  bool complete() const;
  // The next piece of the body as it arrives (valid until the next call), or
  // nullopt once the body has ended. Throws HttpError (timeout when no byte
  // arrived for request.timeout). A body read to its end gives the
  // connection back to the pool.
  boost::asio::awaitable<std::optional<std::string_view>> next();

 private:
  friend class AsyncHttpClient;
  struct State;
  explicit ResponseStream(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace l402d::net
