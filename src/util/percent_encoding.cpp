#include "util/percent_encoding.hpp"

#include <cctype>

namespace l402d::util {

namespace {

bool passes(unsigned char c, PercentStyle style) {
  if (std::isalnum(c) || c == '-' || c == '.' || c == '_') return true;
  return style == PercentStyle::uri_component ? c == '~' : c == '*';
}

}  // namespace

std::string percent_encoded(std::string_view text, PercentStyle style) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (passes(c, style)) {
      out += static_cast<char>(c);
    } else if (c == ' ' && style == PercentStyle::form) {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace l402d::util
