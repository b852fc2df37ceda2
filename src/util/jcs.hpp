#pragma once

// The JSON Canonicalization Scheme (RFC 8785): object members sorted by their
// UTF-16 code units, no whitespace, strings escaped as ECMAScript's
// JSON.stringify escapes them. Two parties that canonicalize the same value
// get the same bytes, which is what an HMAC over JSON text needs.
//
// Numbers are limited to integers (what the payment objects carry: amounts
// are strings, versions small integers); a non-integral double throws
// std::invalid_argument rather than risk a formatting that differs from
// ECMAScript's.

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace l402d {

std::string jcs_serialize(const boost::json::value& value);

// One string as JCS writes it (quoted, JSON.stringify's escapes), for callers
// that write a canonical object whose member order they already know.
void append_jcs_string(std::string& out, std::string_view text);

}  // namespace l402d
