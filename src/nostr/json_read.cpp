#include "nostr/json_read.hpp"

#include <boost/json/parse.hpp>
#include <cmath>

#include "util/hex.hpp"

namespace l402d::nostr::detail {

namespace json = boost::json;

Expected<json::value, Error> parse_json(std::string_view text) {
  boost::system::error_code ec;
  json::value value = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec) return unexpected(Error{ErrorCode::malformed_json, "not JSON: " + ec.message()});
  return value;
}

const json::value* field(const json::object& object, std::string_view key) {
  const json::value* v = object.if_contains(json::string_view(key.data(), key.size()));
  return v != nullptr && !v->is_null() ? v : nullptr;
}

std::optional<std::uint64_t> as_u64(const json::value& value) {
  if (value.is_uint64()) return value.get_uint64();
  if (value.is_int64()) {
    if (value.get_int64() < 0) return std::nullopt;
    return static_cast<std::uint64_t>(value.get_int64());
  }
  if (value.is_double()) {
    const double d = value.get_double();
    // 2^64 is exactly representable; anything at or above it is out of range.
    if (!(d >= 0.0) || d >= 18446744073709551616.0 || std::floor(d) != d) return std::nullopt;
    return static_cast<std::uint64_t>(d);
  }
  return std::nullopt;
}

bool lower_hex_exact(std::string_view text, std::span<std::uint8_t> out) {
  if (text.size() != 2 * out.size()) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return from_hex_exact(text, out);
}

}  // namespace l402d::nostr::detail
