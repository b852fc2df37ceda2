#pragma once

// JSON as phoenixd writes it: kotlinx.serialization with prettyPrint (4-space
// indent, "key": value, an empty list as "[\n<indent>]") and explicitNulls off
// (null members left out).

#include <boost/json/value.hpp>
#include <string>

namespace l402d::lnsim {

std::string kotlin_pretty_json(const boost::json::value& value);

}  // namespace l402d::lnsim
