#pragma once

// Reading wallet API answers, which spell the same thing several ways: LND
// writes 64-bit integers as JSON strings, old Core Lightning amounts as
// "1000msat", phoenixd and LNbits plain numbers.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace l402d::client {

// The body as a JSON object, or nullopt when it is not one.
std::optional<boost::json::object> json_object(std::string_view body);

std::optional<std::string> string_at(const boost::json::object& o, std::string_view key);
std::optional<bool> bool_at(const boost::json::object& o, std::string_view key);
std::optional<std::int64_t> int_at(const boost::json::object& o, std::string_view key);
const boost::json::object* object_at(const boost::json::object& o, std::string_view key);

// A non-negative amount: a JSON integer, a decimal string, or a string ending
// in "msat". Negative numbers count as their magnitude (LNbits writes outgoing
// amounts and fees negative).
std::optional<std::uint64_t> msat_at(const boost::json::object& o, std::string_view key);

}  // namespace l402d::client
