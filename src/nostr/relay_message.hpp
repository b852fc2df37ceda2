#pragma once

// NIP-01 messages between a client and a relay, as websocket text frames.

#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "nostr/error.hpp"
#include "nostr/event.hpp"
#include "nostr/filter.hpp"
#include "util/expected.hpp"

namespace l402d::nostr {

// Client to relay. Subscription ids must be 1 to 64 characters (NIP-01);
// these throw std::invalid_argument otherwise, as a caller's mistake.
std::string event_message(const Event& event);             // ["EVENT",<event>]
std::string req_message(std::string_view subscription_id,  // ["REQ",<id>,<filter>...]
                        std::span<const Filter> filters);
std::string close_message(std::string_view subscription_id);  // ["CLOSE",<id>]
std::string auth_message(const Event& event);                 // ["AUTH",<event>] (NIP-42)

// Relay to client.
struct EventMessage {  // ["EVENT",<subscription id>,<event>]; the event is not yet verified
  std::string subscription_id;
  Event event;
};
struct OkMessage {  // ["OK",<event id>,<true|false>,<message>]
  EventId event_id{};
  bool accepted = false;
  std::string message;
  // The machine-readable part before ':' ("duplicate", "blocked", ...), or "".
  std::string_view prefix() const;
};
struct EoseMessage {  // ["EOSE",<subscription id>]
  std::string subscription_id;
};
struct ClosedMessage {  // ["CLOSED",<subscription id>,<message>]
  std::string subscription_id;
  std::string message;
  std::string_view prefix() const;
};
struct NoticeMessage {  // ["NOTICE",<message>]
  std::string message;
};
struct AuthMessage {  // ["AUTH",<challenge>] (NIP-42)
  std::string challenge;
};

using RelayMessage =
    std::variant<EventMessage, OkMessage, EoseMessage, ClosedMessage, NoticeMessage, AuthMessage>;

// malformed_json, malformed_message (a known type of the wrong shape, or an
// EVENT whose event is malformed: its ErrorCode is kept), or unknown_message
// (a type NIP-01 does not define here, e.g. NIP-45's COUNT: skip it).
Expected<RelayMessage, Error> parse_relay_message(std::string_view text);

}  // namespace l402d::nostr
