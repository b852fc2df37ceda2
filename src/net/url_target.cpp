#include "net/url_target.hpp"

#include <curl/curl.h>

#include <memory>

namespace l402d::net {

namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

std::string part(CURLU* u, CURLUPart which, unsigned int flags = 0) {
  char* text = nullptr;
  if (curl_url_get(u, which, &text, flags) != CURLUE_OK) return {};
  std::string out(text);
  curl_free(text);
  return out;
}

}  // namespace

std::optional<UrlTarget> url_target(const std::string& url) {
  std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
  // ws and wss may be schemes this libcurl was built without.
  if (!u ||
      curl_url_set(u.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
    return std::nullopt;
  const auto scheme = part(u.get(), CURLUPART_SCHEME);
  if (scheme != "http" && scheme != "https" && scheme != "ws" && scheme != "wss") {
    return std::nullopt;
  }
  UrlTarget t;
  t.tls = scheme == "https" || scheme == "wss";
  t.host = part(u.get(), CURLUPART_HOST);
  if (t.host.size() > 2 && t.host.front() == '[' && t.host.back() == ']')
    t.host = t.host.substr(1, t.host.size() - 2);
  t.port = part(u.get(), CURLUPART_PORT);
  if (t.port.empty()) t.port = t.tls ? "443" : "80";
  t.target = part(u.get(), CURLUPART_PATH);
  if (t.target.empty()) t.target = "/";
  if (auto query = part(u.get(), CURLUPART_QUERY); !query.empty()) t.target += "?" + query;
  t.origin = scheme + "://" + part(u.get(), CURLUPART_HOST) + ":" + t.port;
  if (t.host.empty() || t.port.empty()) return std::nullopt;
  return t;
}

}  // namespace l402d::net
