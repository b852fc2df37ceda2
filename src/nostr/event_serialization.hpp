#pragma once

// NIP-01's canonical serialization, whose SHA-256 is an event's id:
// [0,<pubkey hex>,<created_at>,<kind>,<tags>,<content>] with no whitespace.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nostr/keys.hpp"
#include "util/bytes.hpp"

namespace l402d::nostr {

using Tag = std::vector<std::string>;  // a name, then values
using Tags = std::vector<Tag>;
using EventId = Hash32;

// `text` as a JSON string literal with NIP-01's escapes: \n \" \\ \r \t \b \f
// for those seven characters and every other character verbatim, except the
// remaining C0 controls (U+0000-U+001F), which NIP-01 leaves unsaid and which
// raw would not be JSON: those are written \u00xx (lowercase), as
// JSON.stringify, go-nostr and serde_json write them, so ids agree with theirs.
// Bytes are copied as they are: callers pass UTF-8.
void append_nip01_string(std::string& out, std::string_view text);

// The text whose SHA-256 is the event id.
std::string serialize_for_id(const PublicKey& pubkey, std::int64_t created_at, std::uint16_t kind,
                             const Tags& tags, std::string_view content);

EventId compute_event_id(const PublicKey& pubkey, std::int64_t created_at, std::uint16_t kind,
                         const Tags& tags, std::string_view content);

}  // namespace l402d::nostr
