#pragma once

// A websocket client for the streams Lightning backends and wallets push
// events on (Phoenixd's and LNbits' payment notifications, Nostr relays for
// NWC): Boost.Beast over Asio coroutines, ws:// or wss:// with the TLS trust
// rules of tls_trust.hpp.
//
// One read and one write may be outstanding at once (Beast's rule); callers
// with several writers serialise them. Failures and the peer's close throw
// HttpError.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "net/http_types.hpp"

namespace l402d::net {

struct WebSocketOptions {
  std::vector<std::pair<std::string, std::string>> headers;  // on the upgrade request
  std::string ca_file;                                       // see HttpRequest::ca_file
  std::string pinned_cert_file;                              // see HttpRequest::pinned_cert_file
  std::chrono::milliseconds connect_timeout{10'000};         // TCP, TLS and the upgrade
  // A peer that answers neither messages nor our pings for this long is dead
  // (pings go out at half of it): quiet streams stay open, dead ones fail.
  std::chrono::milliseconds idle_timeout{60'000};
  std::size_t max_message_bytes = 4 * 1024 * 1024;
};

class WebSocket {
 public:
  // Connects on the calling coroutine's executor. Throws HttpError.
  static boost::asio::awaitable<std::unique_ptr<WebSocket>> connect(std::string url,
                                                                    WebSocketOptions options);
  ~WebSocket();
  WebSocket(const WebSocket&) = delete;
  WebSocket& operator=(const WebSocket&) = delete;

  // The next message, text or binary. Throws HttpError when the connection
  // closes, fails or goes dead (idle_timeout).
  boost::asio::awaitable<std::string> read();
  boost::asio::awaitable<void> write(std::string text);
  // A clean close handshake; errors are ignored.
  boost::asio::awaitable<void> close();

 private:
  struct Impl;
  explicit WebSocket(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace l402d::net
