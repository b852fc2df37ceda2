#pragma once

// Trimming, the way the formats we read define their whitespace.

#include <cctype>
#include <string_view>

namespace l402d {

// RFC 9110 optional whitespace: spaces and horizontal tabs.
inline std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// Any ASCII whitespace, line ends included (config lines, pasted text).
inline std::string_view trim_space(std::string_view s) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!s.empty() && space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && space(s.back()))
    s.remove_suffix(1);
  return s;
}

}  // namespace l402d
