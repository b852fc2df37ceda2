#pragma once

// One long-lived connection to a Nostr relay, on its own thread: it keeps one
// standing subscription, hands every event the relay sends for it to a
// handler, publishes events, and reconnects with backoff (1 s doubling to
// 30 s), subscribing again each time. Relays are tried in the order given.
//
// Events missed while disconnected are asked for again on reconnect (the
// subscription's `since` goes back to the last event seen, less a margin), so
// a notification sent during a reconnect is not lost; handlers must tolerate
// seeing an event twice.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/websocket_client.hpp"
#include "nostr/event.hpp"
#include "nostr/filter.hpp"

namespace l402d::nwc {

struct RelayHandlers {
  // An event of the subscription (not yet verified: the handler checks it).
  std::function<void(const nostr::Event&)> on_event;
  // The relay refused an event we published (["OK", id, false, why]).
  std::function<void(const nostr::EventId&, const std::string&)> on_refused;
};

class RelaySession {
 public:
  // Connects in the background at once. Handlers run on the session thread.
  RelaySession(std::vector<std::string> relays, net::WebSocketOptions options,
               std::vector<nostr::Filter> subscription, RelayHandlers handlers);
  ~RelaySession();
  RelaySession(const RelaySession&) = delete;
  RelaySession& operator=(const RelaySession&) = delete;

  // Sends the event from any thread; queued while disconnected and sent on
  // reconnect. Delivery is confirmed by the answer it asks for, not here.
  void publish(const nostr::Event& event);
  bool connected() const;
  // Blocks until connected or `timeout` passes (start-up checks).
  bool wait_connected(std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace l402d::nwc
