#pragma once

// Reading the small JSON objects that payment headers carry (base64 or
// base64url of JSON): the object, and its members when they have the
// expected type. Missing or mistyped members read as empty, so a parser asks
// for what it needs and says itself what is wrong.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace l402d {

// The JSON object in base64 (either alphabet, padded or not); nullopt when
// the text is not base64 or not a JSON object.
std::optional<boost::json::object> json_object_from_base64(std::string_view text);

// The member `name` when it is a string; empty otherwise.
std::string string_member(const boost::json::object& o, std::string_view name);
// The member `name` when it is an object; null otherwise.
const boost::json::object* object_member(const boost::json::object& o, std::string_view name);

}  // namespace l402d
