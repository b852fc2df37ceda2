#pragma once

// Binds a token to one request: the hash goes into a `<service>_request=` caveat
// at mint time and is recomputed from the paid retry, so a token bought for one
// prompt cannot be replayed for another.
//
// request_hash = sha256(
//     "l402d/request/v1"
//   ‖ u32be(len) ‖ METHOD (ASCII upper-cased)
//   ‖ u32be(len) ‖ path (as given by the caller, byte for byte; the server
//                     gives the request target, query string included)
//   ‖ kind (0x01 canonical JSON, 0x00 raw bytes)
//   ‖ u64be(len) ‖ body (canonical JSON text, or the raw body))
//
// Canonical JSON: parsed by Boost.JSON, object keys sorted by byte value, no
// whitespace, scalars as Boost.JSON serialises them. So whitespace and key order
// do not change the hash; any value change does. A body that is not JSON (or
// nests deeper than Boost.JSON's default limit) is hashed as raw bytes; the kind
// byte keeps the two spaces apart.

#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.hpp"

namespace boost::json {
class value;
}

namespace l402d::l402 {

inline constexpr std::string_view kRequestBindingDomain = "l402d/request/v1";

// nullopt when `body` is not a single JSON value.
std::optional<std::string> canonical_json(std::string_view body);

Hash32 request_hash(std::string_view method, std::string_view path, std::string_view body);
// The same for a body already parsed (with Boost.JSON's default limits, as
// above): equal to request_hash(method, path, text) for the text it came from.
// (Not an overload: a string literal converts to boost::json::value too.)
Hash32 request_hash_of_parsed(std::string_view method, std::string_view path,
                              const boost::json::value& parsed_body);

}  // namespace l402d::l402
