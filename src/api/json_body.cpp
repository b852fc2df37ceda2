#include "api/json_body.hpp"

#include <boost/beast/core/string.hpp>

namespace l402d::api {

namespace json = boost::json;

namespace {

ApiError bad(std::string code, std::string_view field, std::string message) {
  return ApiError{http::Status::bad_request, std::move(code), std::string(field),
                  std::move(message)};
}

}  // namespace

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

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xc0) != 0x80;
  return n;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_code_points) {
  std::size_t starts = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool starts_code_point = (static_cast<unsigned char>(s[i]) & 0xc0) != 0x80;
    if (starts_code_point && starts++ == max_code_points) return s.substr(0, i);
  }
  return s;
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

}  // namespace l402d::api
