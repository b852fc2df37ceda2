#include "util/json_fields.hpp"

#include <boost/json/parse.hpp>

#include "util/base64.hpp"

namespace l402d {

std::optional<boost::json::object> json_object_from_base64(std::string_view text) {
  auto bytes = base64_decode(text);
  if (!bytes) return std::nullopt;
  boost::system::error_code ec;
  auto value = boost::json::parse(
      std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.get_object());
}

std::string string_member(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

const boost::json::object* object_member(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

}  // namespace l402d
