#pragma once
// Helpers shared by the fuzz targets: libFuzzer hands over one byte string,
// while several parsers take a list of header values or a JSON document.
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

namespace l402d::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// One header value per line: the parsers must treat repeated headers
// (several Authorization lines, several challenges) the same as one.
inline std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

// The JSON a request body or message would parse to; nullopt when it is not
// JSON, which the servers answer before any of our parsers run.
inline std::optional<boost::json::value> parse_json(std::string_view text) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec) return std::nullopt;
  return value;
}

// A property the parser promises was broken: crash so libFuzzer keeps the input.
inline void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace l402d::fuzz
