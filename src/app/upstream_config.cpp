#include "app/upstream_config.hpp"

#include <algorithm>
#include <cctype>

namespace l402d::app {

namespace {

bool http_url(std::string_view url) {
  return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

// "Bearer ${OPENAI_API_KEY}" -> the variable's value spliced in; an unset
// variable is an error, not an empty key sent upstream.
std::string expand(const std::string& key, const std::string& value,
                   const std::function<std::optional<std::string>(const std::string&)>& env) {
  std::string out;
  std::size_t at = 0;
  for (;;) {
    const auto open = value.find("${", at);
    if (open == std::string::npos) break;
    const auto close = value.find('}', open);
    if (close == std::string::npos) throw ConfigError(key, "an unclosed ${ in the value");
    const auto name = value.substr(open + 2, close - open - 2);
    const auto found = env(name);
    if (!found) throw ConfigError(key, "environment variable " + name + " is not set");
    out.append(value, at, open - at).append(*found);
    at = close + 1;
  }
  return out.append(value, at);
}

void read_headers(TableReader& r, UpstreamConfig& u,
                  const std::function<std::optional<std::string>(const std::string&)>& env) {
  const auto* headers = r.subtable("headers");
  if (!headers) return;
  for (const auto& [name, node] : *headers) {
    const auto key = r.key("headers." + std::string(name.str()));
    if (!node.is_string()) throw ConfigError(key, "expected a string");
    u.headers.emplace_back(std::string(name.str()), expand(key, *node.value<std::string>(), env));
  }
}

std::string normalized_match(const std::string& key, std::string match) {
  if (match.empty() || match.front() != '/') throw ConfigError(key, "must start with '/'");
  if (match.find_first_of("?#{} ") != std::string::npos)
    throw ConfigError(key, "must be a plain path prefix");
  return match;
}

}  // namespace

bool valid_service_name(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
}

void read_upstream(TableReader& r, ServiceConfig& svc,
                   const std::function<std::optional<std::string>(const std::string&)>& env) {
  auto url = r.str("upstream");
  if (!url) return;
  if (!http_url(*url)) throw ConfigError(r.key("upstream"), "must start with http:// or https://");
  UpstreamConfig u;
  u.url = *url;
  while (u.url.size() > 8 && u.url.back() == '/')
    u.url.pop_back();
  u.match = normalized_match(r.key("match"), r.str("match").value_or("/" + svc.name + "/"));
  if (auto host = r.str("host")) u.host = *host;
  if (auto strip = r.boolean("strip_match")) u.strip_match = *strip;
  if (auto v = r.integer<std::uint32_t>("idle_timeout_seconds", 1, 86'400))
    u.idle_timeout_seconds = *v;
  if (auto v = r.integer<std::uint64_t>("upload_limit_bytes", 0, 1ULL << 40))
    u.upload_limit_bytes = *v;
  if (auto v = r.str("ca_file")) u.ca_file = *v;
  if (auto v = r.str("pinned_cert_file")) u.pinned_cert_file = *v;
  if (!u.ca_file.empty() && !u.pinned_cert_file.empty())
    throw ConfigError(r.key("pinned_cert_file"), "set ca_file or pinned_cert_file, not both");
  read_headers(r, u, env);
  svc.upstream = std::move(u);
  svc.redemption = RedemptionChoice::reusable;
  svc.engines.clear();
  if (auto d = r.str("description")) svc.description = *d;
}

void read_redemption(TableReader& r, ServiceConfig& svc) {
  if (auto v = r.str("redemption")) {
    if (*v == "single_use") {
      svc.redemption = RedemptionChoice::single_use;
    } else if (*v == "reusable") {
      svc.redemption = RedemptionChoice::reusable;
    } else {
      throw ConfigError(r.key("redemption"), "must be single_use or reusable, got '" + *v + "'");
    }
  }
  if (auto v = r.integer<std::uint32_t>("uses", 0, 1'000'000'000)) svc.uses = *v;
  if (auto v = r.integer<std::uint32_t>("token_seconds", 60, 365 * 86400)) svc.token_seconds = *v;
  if (svc.redemption == RedemptionChoice::single_use && (svc.uses || svc.token_seconds)) {
    throw ConfigError(r.key(svc.uses ? "uses" : "token_seconds"),
                      "applies to reusable tokens only (redemption = \"reusable\")");
  }
}

}  // namespace l402d::app
