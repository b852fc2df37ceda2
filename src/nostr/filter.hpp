#pragma once

// NIP-01 subscription filters.

#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "nostr/event.hpp"

namespace l402d::nostr {

// Every condition given must hold; an empty list is a condition not given
// (NIP-01 lists hold one or more values).
struct Filter {
  std::vector<EventId> ids;
  std::vector<PublicKey> authors;
  std::vector<std::uint16_t> kinds;
  // "#e", "#p", ...: a single letter a-z or A-Z, then values any of which the
  // event must carry as the first value of a tag of that name.
  std::map<char, std::vector<std::string>> tags;
  std::optional<std::int64_t> since;   // created_at >= since
  std::optional<std::int64_t> until;   // created_at <= until
  std::optional<std::uint64_t> limit;  // for the stored events only

  // Whether `event` passes, as a relay decides it (limit aside): a client's
  // check on what relays send.
  bool matches(const Event& event) const;
};

// Throws std::invalid_argument for a tag name that is not a single ASCII letter.
boost::json::value to_json(const Filter& filter);

}  // namespace l402d::nostr
