#pragma once

// A local HTTP server for the backend tests that answers as a node's REST
// API and, on the same port, accepts websocket upgrades and pushes messages
// on them: what LNbits (/api/v1/ws/<key>) and Phoenixd (/websocket) do.
// net::testing::LocalServer has no websockets; this one has the same
// handler shape. Handlers run on the server's one thread.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace l402d::lightning::testing {

class PushServer {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;
  // Also called for upgrade requests: answering 101 (switching protocols)
  // accepts the websocket, anything else is sent as the refusal.
  using Handler = std::function<Response(const Request&)>;

  explicit PushServer(Handler handler);
  ~PushServer();
  PushServer(const PushServer&) = delete;
  PushServer& operator=(const PushServer&) = delete;

  std::string url() const;  // http://127.0.0.1:<port>, no trailing slash
  // Open websockets, and waiting (polling) until there are `n`.
  std::size_t sockets() const;
  bool wait_for_sockets(std::size_t n, std::chrono::milliseconds timeout) const;
  // Sends `text` on every open websocket; returns once written.
  void push(const std::string& text);
  // Closes every websocket's connection, as a node restarting would.
  void drop_sockets();

  static Response reply(const Request& request, unsigned status, std::string body);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace l402d::lightning::testing
