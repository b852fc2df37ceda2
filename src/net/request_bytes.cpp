#include "net/request_bytes.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "util/text.hpp"

namespace l402d::net {

namespace {

// RFC 9110 token characters.
bool is_token(std::string_view s) {
  constexpr std::string_view kExtra = "!#$%&'*+-.^_`|~";
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](unsigned char c) {
    return std::isalnum(c) != 0 || kExtra.find(static_cast<char>(c)) != std::string_view::npos;
  });
}

bool is_field_value(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  if (!is_token(name) || !is_field_value(value)) {
    throw HttpError(HttpError::Kind::other, "a request header that cannot be sent");
  }
  out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace

std::string request_bytes(const HttpRequest& request, const UrlTarget& target,
                          std::optional<std::uint64_t> streamed_length) {
  if (!is_token(request.method)) throw HttpError(HttpError::Kind::other, "unknown method");
  std::string out;
  out.reserve(256 + request.body.size());
  out.append(request.method).append(" ").append(target.target).append(" HTTP/1.1\r\n");
  const bool default_port = target.port == (target.tls ? "443" : "80");
  // An IPv6 literal is bracketed in Host as in the URL (RFC 9110 7.2).
  const bool ipv6 = target.host.find(':') != std::string::npos;
  out.append("Host: ").append(ipv6 ? "[" : "").append(target.host).append(ipv6 ? "]" : "");
  if (!default_port) out.append(":").append(target.port);
  out.append("\r\n");
  bool agent = false;
  for (const auto& [name, value] : request.headers) {
    append_field(out, name, value);
    agent = agent || iequals_ascii(name, "User-Agent");
  }
  if (!agent) out.append("User-Agent: l402d\r\n");
  if (streamed_length) {
    out.append("Content-Length: ").append(std::to_string(*streamed_length)).append("\r\n\r\n");
    return out;
  }
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    out.append("Content-Length: ").append(std::to_string(request.body.size())).append("\r\n");
  }
  out.append("\r\n").append(request.body);
  return out;
}

}  // namespace l402d::net
