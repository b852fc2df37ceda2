#pragma once

// Reading untrusted JSON: a key that is missing and a key that is null are the
// same (wallets write both), numbers must be integers in range, text must be
// lowercase hex where the protocol says so.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "nostr/error.hpp"
#include "util/expected.hpp"

namespace l402d::nostr::detail {

Expected<boost::json::value, Error> parse_json(std::string_view text);

// The value under `key`, or nullptr when it is missing or null.
const boost::json::value* field(const boost::json::object& object, std::string_view key);

// A JSON number that is a non-negative integer (1000.0 included, as some
// encoders write integers), or nullopt.
std::optional<std::uint64_t> as_u64(const boost::json::value& value);

// exactly 2*out.size() lowercase hex digits, decoded into `out`.
bool lower_hex_exact(std::string_view text, std::span<std::uint8_t> out);

}  // namespace l402d::nostr::detail
