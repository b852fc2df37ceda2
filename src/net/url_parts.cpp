#include "net/url_parts.hpp"

#include <curl/curl.h>

#include <memory>

namespace l402d::net {

namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using Url = std::unique_ptr<CURLU, UrlDeleter>;

Url parse(const std::string& url) {
  Url u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return nullptr;
  return u;
}

std::string part(const Url& u, CURLUPart which, unsigned int flags = 0) {
  char* text = nullptr;
  if (!u || curl_url_get(u.get(), which, &text, flags) != CURLUE_OK) return {};
  std::string out(text);
  curl_free(text);
  return out;
}

}  // namespace

std::string url_host(const std::string& url) {
  return part(parse(url), CURLUPART_HOST);
}

std::string url_origin(const std::string& url) {
  auto u = parse(url);
  auto host = part(u, CURLUPART_HOST);
  if (host.empty()) return {};
  return part(u, CURLUPART_SCHEME) + "://" + host + ":" +
         part(u, CURLUPART_PORT, CURLU_DEFAULT_PORT);
}

std::string url_scheme(const std::string& url) {
  return part(parse(url), CURLUPART_SCHEME);
}

bool url_has_userinfo(const std::string& url) {
  auto u = parse(url);
  return !part(u, CURLUPART_USER).empty() || !part(u, CURLUPART_PASSWORD).empty();
}

}  // namespace l402d::net
