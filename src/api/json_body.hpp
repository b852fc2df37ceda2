#pragma once

// Reading a JSON request body field by field, with errors that name the field
// and the rule. Lengths count Unicode code points, as a person would.

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_error.hpp"
#include "util/expected.hpp"

namespace l402d::api {

// The body must be declared JSON (application/json, any parameters) and parse
// to an object.
Expected<boost::json::object, ApiError> parse_json_object(const http::Request& request);

std::size_t utf8_length(std::string_view s);

// Required string with a length range (code points).
Expected<std::string, ApiError> required_string(const boost::json::object& body,
                                                std::string_view field, std::size_t min_length,
                                                std::size_t max_length);
// Optional string: nullopt when absent or null.
Expected<std::optional<std::string>, ApiError> optional_string(const boost::json::object& body,
                                                               std::string_view field,
                                                               std::size_t max_length);
// Optional integer (JSON number without a fraction): nullopt when absent or null.
Expected<std::optional<std::int64_t>, ApiError> optional_integer(const boost::json::object& body,
                                                                 std::string_view field);
// A required string that must be one of `accepted`.
Expected<std::string, ApiError> required_choice(const boost::json::object& body,
                                                std::string_view field,
                                                std::initializer_list<std::string_view> accepted,
                                                std::string_view code);

}  // namespace l402d::api
