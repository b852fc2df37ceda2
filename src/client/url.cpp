#include "client/url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace l402d::client {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

int default_port(std::string_view scheme) {
  return scheme == "https" ? 443 : 80;
}

std::string bracketed(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

std::string UrlParts::server() const {
  return scheme + "://" + bracketed(host) + ":" + std::to_string(port);
}

std::string UrlParts::origin() const {
  std::string out = scheme + "://" + bracketed(host);
  if (port != default_port(scheme)) out += ":" + std::to_string(port);
  return out;
}

std::string UrlParts::target() const {
  return query.empty() ? path : path + "?" + query;
}

std::string UrlParts::printable() const {
  return origin() + path;
}

UrlParts parse_url(std::string_view url) {
  auto fail = [&](const std::string& why) -> UrlParts {
    throw std::invalid_argument("bad URL '" + std::string(url) + "': " + why);
  };
  UrlParts out;
  auto sep = url.find("://");
  if (sep == std::string_view::npos) return fail("expected http:// or https://");
  out.scheme = lower(url.substr(0, sep));
  if (out.scheme != "http" && out.scheme != "https") return fail("only http and https");
  std::string_view rest = url.substr(sep + 3);
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  auto auth_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view tail = auth_end == std::string_view::npos ? "" : rest.substr(auth_end);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  std::string_view host;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return fail("unclosed '['");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("junk after ']'");
      port = after.substr(1);
    }
  } else {
    auto colon = authority.rfind(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (host.empty()) return fail("no host");
  out.host = lower(host);
  out.port = default_port(out.scheme);
  if (!port.empty()) {
    int p = 0;
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || ptr != port.data() + port.size() || p <= 0 || p > 65535) {
      return fail("bad port");
    }
    out.port = p;
  }
  auto q = tail.find('?');
  out.path = std::string(tail.substr(0, q));
  if (q != std::string_view::npos) out.query = std::string(tail.substr(q + 1));
  if (out.path.empty()) out.path = "/";
  return out;
}

std::string resolve_url(const UrlParts& base, std::string_view ref) {
  if (ref.find("://") != std::string_view::npos) return std::string(ref);
  if (ref.substr(0, 2) == "//") return base.scheme + ":" + std::string(ref);
  if (!ref.empty() && ref.front() == '/') return base.origin() + std::string(ref);
  auto slash = base.path.rfind('/');
  return base.origin() + base.path.substr(0, slash + 1) + std::string(ref);
}

}  // namespace l402d::client
