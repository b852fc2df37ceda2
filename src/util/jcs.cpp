#include "util/jcs.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace l402d {
namespace json = boost::json;

namespace {

// UTF-8 to UTF-16 code units, for ordering keys as RFC 8785 section 3.2.3 says.
std::u16string utf16(std::string_view s) {
  std::u16string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    char32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) {
      cp = c & 0x07;
      len = 4;
    } else if (c >= 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else if (c >= 0xC0) {
      cp = c & 0x1F;
      len = 2;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

bool needs_escape(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\';
}

void append_escaped(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\b':
      out += "\\b";
      break;
    case '\f':
      out += "\\f";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\t':
      out += "\\t";
      break;
    default:
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
  }
}

// Runs that need no escape (all of a macaroon or an invoice) go in whole.
void append_string_impl(std::string& out, std::string_view s) {
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (!needs_escape(c)) continue;
    out.append(s, run, i - run);
    append_escaped(out, c);
    run = i + 1;
  }
  out.append(s, run, std::string_view::npos);
  out += '"';
}

// Up to 2^53 every integer is a double that ECMAScript writes digit for
// digit; beyond, its text may differ from the digits given, so such numbers
// are refused rather than canonicalized differently.
constexpr std::int64_t kMaxSafe = std::int64_t{1} << 53;

[[noreturn]] void throw_unsafe() {
  throw std::invalid_argument("JCS: integers beyond 2^53 are not supported");
}

void append_double(std::string& out, double d) {
  if (!std::isfinite(d) || d != std::trunc(d) || std::fabs(d) > static_cast<double>(kMaxSafe)) {
    throw std::invalid_argument("JCS: only integral numbers are supported");
  }
  out += std::to_string(static_cast<std::int64_t>(d));
}

void append(std::string& out, const json::value& v);

void append_object(std::string& out, const json::object& o) {
  std::vector<std::pair<std::u16string, const json::key_value_pair*>> members;
  members.reserve(o.size());
  for (const auto& kv : o)
    members.emplace_back(utf16(kv.key()), &kv);
  std::sort(members.begin(), members.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  out += '{';
  bool first = true;
  for (const auto& [key, kv] : members) {
    if (!first) out += ',';
    first = false;
    append_string_impl(out, kv->key());
    out += ':';
    append(out, kv->value());
  }
  out += '}';
}

void append(std::string& out, const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      break;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      break;
    case json::kind::int64:
      if (v.get_int64() > kMaxSafe || v.get_int64() < -kMaxSafe) throw_unsafe();
      out += std::to_string(v.get_int64());
      break;
    case json::kind::uint64:
      if (v.get_uint64() > static_cast<std::uint64_t>(kMaxSafe)) throw_unsafe();
      out += std::to_string(v.get_uint64());
      break;
    case json::kind::double_:
      append_double(out, v.get_double());
      break;
    case json::kind::string:
      append_string_impl(out, v.get_string());
      break;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        append(out, e);
      }
      out += ']';
      break;
    }
    case json::kind::object:
      append_object(out, v.get_object());
      break;
  }
}

}  // namespace

void append_jcs_string(std::string& out, std::string_view text) {
  append_string_impl(out, text);
}

std::string jcs_serialize(const json::value& value) {
  std::string out;
  append(out, value);
  return out;
}

}  // namespace l402d
