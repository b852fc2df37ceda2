#include "api/json_body.hpp"

#include <boost/beast/core/string.hpp>
#include <cmath>

namespace l402d::api {

namespace json = boost::json;

namespace {

ApiError bad(std::string code, std::string_view field, std::string message) {
  return ApiError{http::Status::bad_request, std::move(code), std::string(field),
                  std::move(message)};
}

std::string_view kind_of(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "a value";
}

}  // namespace

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xc0) != 0x80;
  return n;
}

Expected<json::object, ApiError> parse_json_object(const http::Request& request) {
  auto type = request[http::Field::content_type];
  auto semi = type.find(';');
  auto media = type.substr(0, semi);
  while (!media.empty() && media.back() == ' ')
    media.remove_suffix(1);
  if (!boost::beast::iequals(media, "application/json")) {
    return unexpected(ApiError{http::Status::unsupported_media_type, "unsupported_media_type", "",
                               type.empty() ? "Send the body as JSON with the header "
                                              "'Content-Type: application/json'."
                                            : "Content-Type '" + std::string(type) +
                                                  "' is not accepted; send application/json."});
  }
  if (request.body().empty()) {
    return unexpected(bad("empty_body", "", "The request body is empty; send a JSON object."));
  }
  json::error_code ec;
  json::parse_options opts;
  opts.max_depth = 32;
  // The values, the image string among them, come from one block of about
  // the body's size, shared by the values it holds (they keep it alive),
  // instead of one allocation each; the parser's scratch space is on the
  // stack. Every request that reaches a paid route is parsed here.
  unsigned char scratch[8192];
  json::parser parser({}, opts, scratch, sizeof scratch);
  parser.reset(json::make_shared_resource<json::monotonic_resource>(request.body().size() + 1024));
  parser.write(request.body(), ec);
  if (ec) {
    return unexpected(bad("invalid_json", "", "The body is not valid JSON: " + ec.message() + "."));
  }
  // Constructed, not assigned: assigning a json::value copies it into the
  // target's (default) storage.
  json::value v = parser.release();
  if (!v.is_object()) {
    return unexpected(bad("invalid_json", "",
                          "The body must be a JSON object, not " + std::string(kind_of(v)) + "."));
  }
  return std::move(v.as_object());
}

Expected<std::string, ApiError> required_string(const json::object& body, std::string_view field,
                                                std::size_t min_length, std::size_t max_length) {
  const auto* v = body.if_contains(field);
  if (!v || v->is_null()) {
    return unexpected(bad("missing_field", field, "'" + std::string(field) + "' is required."));
  }
  if (!v->is_string()) {
    return unexpected(bad(
        "invalid_field_type", field,
        "'" + std::string(field) + "' must be a string, not " + std::string(kind_of(*v)) + "."));
  }
  std::string s(v->as_string());
  auto n = utf8_length(s);
  if (n < min_length || n > max_length) {
    return unexpected(bad(n < min_length ? "field_too_short" : "field_too_long", field,
                          "'" + std::string(field) + "' must be " + std::to_string(min_length) +
                              "-" + std::to_string(max_length) + " characters; it has " +
                              std::to_string(n) + "."));
  }
  return s;
}

Expected<std::optional<std::string>, ApiError> optional_string(const json::object& body,
                                                               std::string_view field,
                                                               std::size_t max_length) {
  const auto* v = body.if_contains(field);
  if (!v || v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) {
    return unexpected(bad(
        "invalid_field_type", field,
        "'" + std::string(field) + "' must be a string, not " + std::string(kind_of(*v)) + "."));
  }
  std::string s(v->as_string());
  if (utf8_length(s) > max_length) {
    return unexpected(bad("field_too_long", field,
                          "'" + std::string(field) + "' may have at most " +
                              std::to_string(max_length) + " characters."));
  }
  return std::optional<std::string>(std::move(s));
}

Expected<std::optional<std::int64_t>, ApiError> optional_integer(const json::object& body,
                                                                 std::string_view field) {
  const auto* v = body.if_contains(field);
  if (!v || v->is_null()) return std::optional<std::int64_t>{};
  if (v->is_int64()) return std::optional<std::int64_t>(v->as_int64());
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return std::optional<std::int64_t>(static_cast<std::int64_t>(v->as_uint64()));
  }
  if (v->is_double()) {
    double d = v->as_double();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) {
      return std::optional<std::int64_t>(static_cast<std::int64_t>(d));
    }
  }
  return unexpected(bad(
      "invalid_field_type", field,
      "'" + std::string(field) + "' must be an integer, not " + std::string(kind_of(*v)) + "."));
}

Expected<std::string, ApiError> required_choice(const json::object& body, std::string_view field,
                                                std::initializer_list<std::string_view> accepted,
                                                std::string_view code) {
  std::string list;
  for (auto a : accepted) {
    if (!list.empty()) list += ", ";
    list += "\"" + std::string(a) + "\"";
  }
  auto s = required_string(body, field, 0, 200);
  if (!s) {
    auto e = s.error();
    if (e.code == "missing_field") e.message += " Accepted: " + list + ".";
    return unexpected(std::move(e));
  }
  for (auto a : accepted) {
    if (*s == a) return std::move(*s);
  }
  return unexpected(
      bad(std::string(code), field,
          "'" + std::string(field) + "' \"" + *s + "\" is not offered; accepted: " + list + "."));
}

}  // namespace l402d::api
