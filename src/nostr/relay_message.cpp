#include "nostr/relay_message.hpp"

#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "nostr/json_read.hpp"

namespace l402d::nostr {

namespace json = boost::json;

namespace {

json::string_view jv(std::string_view s) {
  return {s.data(), s.size()};
}

void check_subscription_id(std::string_view id) {
  if (id.empty() || id.size() > 64) {
    throw std::invalid_argument("nostr: subscription id must be 1 to 64 characters");
  }
}

std::string_view prefix_of(std::string_view message) {
  const std::size_t colon = message.find(':');
  return colon == std::string_view::npos ? std::string_view() : message.substr(0, colon);
}

Unexpected<Error> malformed(std::string_view type, std::string_view what) {
  return unexpected(Error{ErrorCode::malformed_message,
                          "relay " + std::string(type) + " message: " + std::string(what)});
}

bool is_string(const json::array& a, std::size_t i) {
  return i < a.size() && a[i].is_string();
}

std::string text_at(const json::array& a, std::size_t i) {
  return std::string(a[i].get_string());
}

Expected<RelayMessage, Error> parse_event(const json::array& a) {
  if (a.size() != 3 || !a[1].is_string()) {
    return malformed("EVENT", "expected [\"EVENT\",<subscription id>,<event>]");
  }
  auto event = event_from_json(a[2]);
  if (!event) return unexpected(event.error());
  return RelayMessage(EventMessage{text_at(a, 1), *std::move(event)});
}

Expected<RelayMessage, Error> parse_ok(const json::array& a) {
  OkMessage ok;
  // NIP-01: the message "MUST always be present"; some relays omit an empty one.
  if (a.size() < 3 || a.size() > 4 || !a[1].is_string() ||
      !detail::lower_hex_exact(a[1].get_string(), ok.event_id) || !a[2].is_bool() ||
      (a.size() == 4 && !a[3].is_string())) {
    return malformed("OK", "expected [\"OK\",<64 hex event id>,<true|false>,<message>]");
  }
  ok.accepted = a[2].get_bool();
  if (a.size() == 4) ok.message = text_at(a, 3);
  return RelayMessage(std::move(ok));
}

}  // namespace

std::string_view OkMessage::prefix() const {
  return prefix_of(message);
}

std::string_view ClosedMessage::prefix() const {
  return prefix_of(message);
}

std::string event_message(const Event& event) {
  return json::serialize(json::array{"EVENT", to_json(event)});
}

std::string req_message(std::string_view subscription_id, std::span<const Filter> filters) {
  check_subscription_id(subscription_id);
  json::array a{"REQ", jv(subscription_id)};
  for (const Filter& f : filters)
    a.push_back(to_json(f));
  return json::serialize(a);
}

std::string close_message(std::string_view subscription_id) {
  check_subscription_id(subscription_id);
  return json::serialize(json::array{"CLOSE", jv(subscription_id)});
}

std::string auth_message(const Event& event) {
  return json::serialize(json::array{"AUTH", to_json(event)});
}

Expected<RelayMessage, Error> parse_relay_message(std::string_view text) {
  auto value = detail::parse_json(text);
  if (!value) return unexpected(value.error());
  if (!value->is_array() || value->get_array().empty() || !value->get_array()[0].is_string()) {
    return unexpected(Error{ErrorCode::malformed_message,
                            "relay message: not a JSON array starting with its type"});
  }
  const json::array& a = value->get_array();
  const json::string& type = a[0].get_string();
  if (type == "EVENT") return parse_event(a);
  if (type == "OK") return parse_ok(a);
  if (type == "EOSE") {
    if (a.size() != 2 || !is_string(a, 1)) return malformed("EOSE", "expected [\"EOSE\",<id>]");
    return RelayMessage(EoseMessage{text_at(a, 1)});
  }
  if (type == "CLOSED") {
    if (a.size() < 2 || a.size() > 3 || !is_string(a, 1) || (a.size() == 3 && !is_string(a, 2))) {
      return malformed("CLOSED", "expected [\"CLOSED\",<id>,<message>]");
    }
    return RelayMessage(
        ClosedMessage{text_at(a, 1), a.size() == 3 ? text_at(a, 2) : std::string()});
  }
  if (type == "NOTICE") {
    if (a.size() != 2 || !is_string(a, 1))
      return malformed("NOTICE", "expected [\"NOTICE\",<text>]");
    return RelayMessage(NoticeMessage{text_at(a, 1)});
  }
  if (type == "AUTH") {
    if (a.size() != 2 || !is_string(a, 1))
      return malformed("AUTH", "expected [\"AUTH\",<challenge>]");
    return RelayMessage(AuthMessage{text_at(a, 1)});
  }
  return unexpected(Error{ErrorCode::unknown_message, "relay message of unknown type \"" +
                                                          std::string(type.subview(0, 16)) + "\""});
}

}  // namespace l402d::nostr
