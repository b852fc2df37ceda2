#pragma once

// Reading a JSON request body: the envelope (media type, JSON, an object) and
// the helpers field errors are written with. Lengths count Unicode code
// points, as a person would. The fields themselves are checked by a schema
// (api/schema.hpp).

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "api/api_error.hpp"
#include "util/expected.hpp"

namespace l402d::api {

// The body must be declared JSON (application/json, any parameters) and parse
// to an object.
Expected<boost::json::object, ApiError> parse_json_object(const http::Request& request);

std::size_t utf8_length(std::string_view s);
// The first `max_code_points` code points of `s` (never a partial one).
std::string_view utf8_prefix(std::string_view s, std::size_t max_code_points);

// "a string", "a number", "null"...: the value's kind, for error messages.
std::string_view kind_of(const boost::json::value& v);

}  // namespace l402d::api
