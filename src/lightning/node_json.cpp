#include "lightning/node_json.hpp"

#include <boost/json/parse.hpp>
#include <charconv>

#include "lightning/backend.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lightning::node_json {

namespace json = boost::json;

std::optional<json::object> try_object(std::string_view body) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

void answered_without(std::string_view node, std::string_view what) {
  throw BackendError(BackendErrorCode::unavailable,
                     std::string(node) + " answered without " + std::string(what));
}

json::object parse_object(std::string_view body, std::string_view node) {
  auto o = try_object(body);
  if (!o) answered_without(node, "a JSON object");
  return std::move(*o);
}

std::string_view text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string_view(v->as_string()) : std::string_view();
}

std::optional<bool> boolean(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->as_bool();
}

std::optional<std::int64_t> signed_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v->as_uint64());
  if (!v->is_string()) return std::nullopt;
  const auto s = std::string_view(v->as_string());
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return n;
}

std::optional<std::uint64_t> unsigned_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v && v->is_uint64()) return v->as_uint64();
  auto n = signed_at(o, key);
  if (!n || *n < 0) return std::nullopt;
  return static_cast<std::uint64_t>(*n);
}

std::optional<Hash32> hash_at(const json::object& o, std::string_view key) {
  return from_hex_array<32>(text(o, key));
}

bool proves(const std::optional<Hash32>& preimage, const Hash32& hash) {
  return preimage && sha256(ByteView(*preimage)) == hash;
}

}  // namespace l402d::lightning::node_json
