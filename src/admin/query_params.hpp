#pragma once

// The query string of an admin call: key=value pairs, percent-decoded.

#include <map>
#include <string>
#include <string_view>

namespace l402d::admin {

// The last value wins for a repeated key; a key without '=' has an empty value.
std::map<std::string, std::string> parse_query(std::string_view target);

}  // namespace l402d::admin
