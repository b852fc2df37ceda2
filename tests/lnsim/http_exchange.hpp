#pragma once

// What an API handler sees of one request and what it may answer: a whole
// response, a chunked stream (lnd's server-streaming RPCs) or a WebSocket
// session (LNbits, phoenixd). Handlers are coroutines on the connection's own
// thread; long waits bind to CallContext::stop so that dropping the connection
// (offline, shutdown, the peer leaving) ends them.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace l402d::lnsim {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;

struct Response {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  // Header lines ("Name: value\r\n") in static storage, written before
  // `headers`: the hot paths' fixed headers then cost no allocation.
  std::string_view fixed_headers;
  std::string body;
};

// Writes one chunk of a chunked body; false once the connection is gone.
class ChunkWriter {
 public:
  virtual ~ChunkWriter() = default;
  virtual boost::asio::awaitable<bool> write(std::string_view chunk) = 0;
};

struct StreamResponse {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::function<boost::asio::awaitable<void>(ChunkWriter&)> produce;
};

// Sends text frames; false once the connection is gone.
class WebSocketSender {
 public:
  virtual ~WebSocketSender() = default;
  virtual boost::asio::awaitable<bool> send(std::string_view text) = 0;
};

struct WebSocketSession {
  // Runs after the handshake until it returns or the connection goes; the
  // server reads (and answers pings) meanwhile.
  std::function<boost::asio::awaitable<void>(WebSocketSender&)> run;
};

using Reply = std::variant<Response, StreamResponse, WebSocketSession>;

struct CallContext {
  boost::asio::any_io_executor executor;
  boost::asio::cancellation_slot stop;  // emitted when the connection is dropped
  const bool* stopped = nullptr;        // reads true from then on
  std::string remote_address;
  // Starts watching the socket while the handler waits (long polls, streams):
  // a client that leaves then stops the wait instead of holding it forever.
  std::function<void()> watch_peer;
};

using Handler = std::function<boost::asio::awaitable<Reply>(Request&, CallContext&)>;

// Helpers for the common answers.
Response make_response(unsigned status, std::string content_type, std::string body);

}  // namespace l402d::lnsim
