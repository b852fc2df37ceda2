#pragma once

// JSON text appended to a string the caller owns. json::serialize returns a
// new string per call; on the request path (the 402's body, the canonical text
// a request hash covers) the pieces go straight into one buffer instead.

#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>

namespace l402d {

// The JSON text of `value`, as json::serialize writes it.
void append_json(std::string& out, const boost::json::value& value);

// `text` as a JSON string literal, quoted and escaped.
void append_json_string(std::string& out, std::string_view text);

}  // namespace l402d
