#pragma once

// Reading the JSON answers of the nodes whose APIs are plain JSON (Core
// Lightning, LNbits, Phoenixd): fields that may be missing or of another type
// than documented read as absent, never as a crash, and an answer that is not
// an object is the node's failure (BackendError unavailable). LND's
// grpc-gateway conventions (base64 bytes, string integers) stay in lnd_json.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.hpp"

namespace l402d::lightning::node_json {

// Throws BackendError(unavailable) "<node> answered without <what>": an
// answer missing what the API promises is the node's failure.
[[noreturn]] void answered_without(std::string_view node, std::string_view what);

// Throws BackendError(unavailable) "<node> answered without a JSON object".
boost::json::object parse_object(std::string_view body, std::string_view node);
// nullopt when the text is not a JSON object (error bodies, push messages).
std::optional<boost::json::object> try_object(std::string_view body);

std::string_view text(const boost::json::object& o, std::string_view key);
std::optional<bool> boolean(const boost::json::object& o, std::string_view key);
// Non-negative integers as numbers, or as decimal strings.
std::optional<std::uint64_t> unsigned_at(const boost::json::object& o, std::string_view key);
std::optional<std::int64_t> signed_at(const boost::json::object& o, std::string_view key);
// A 32-byte value in hex (payment hashes, preimages).
std::optional<Hash32> hash_at(const boost::json::object& o, std::string_view key);

// True when `preimage` is there and hashes to `hash`: the only preimage a
// backend reports.
bool proves(const std::optional<Hash32>& preimage, const Hash32& hash);

}  // namespace l402d::lightning::node_json
