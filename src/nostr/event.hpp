#pragma once

// NIP-01 events: signing, verification, and their JSON form.

#include <array>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "nostr/error.hpp"
#include "nostr/event_serialization.hpp"
#include "nostr/keys.hpp"
#include "util/expected.hpp"

namespace l402d::nostr {

using Signature = std::array<std::uint8_t, 64>;  // BIP-340

// What the author decides; signing adds the id, the public key and the signature.
struct UnsignedEvent {
  std::int64_t created_at = 0;  // unix seconds
  std::uint16_t kind = 0;
  Tags tags;
  std::string content;
};

struct Event {
  EventId id{};
  PublicKey pubkey;
  std::int64_t created_at = 0;
  std::uint16_t kind = 0;
  Tags tags;
  std::string content;
  Signature sig{};

  // The value (second element) of the first tag called `name`; nullptr if there
  // is no such tag or it has no value.
  const std::string* tag_value(std::string_view name) const;
};

// The id of `draft` as `key`'s public key would author it, signed with BIP-340
// Schnorr; the auxiliary randomness comes from OpenSSL.
Event sign(UnsignedEvent draft, const SecretKey& key);

// The id recomputed from the fields, then the signature checked against it.
Expected<void, Error> verify(const Event& event);

// {"id","pubkey","created_at","kind","tags","content","sig"}, hex in lowercase.
boost::json::value to_json(const Event& event);
std::string to_json_text(const Event& event);

// The event's shape only (lowercase hex of the right lengths, a pubkey on the
// curve, kind 0-65535, tags of strings); call verify() before trusting it.
Expected<Event, Error> event_from_json(const boost::json::value& value);
Expected<Event, Error> parse_event(std::string_view text);

}  // namespace l402d::nostr
