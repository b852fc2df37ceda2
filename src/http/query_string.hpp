#pragma once

// The query string of a request target: key=value pairs, percent-decoded,
// '+' read as a space (HTML forms), a broken escape kept as it is.

#include <map>
#include <string>
#include <string_view>

namespace l402d::http {

// The last value wins for a repeated key; a key without '=' has an empty value.
std::map<std::string, std::string> query_parameters(std::string_view target);

}  // namespace l402d::http
