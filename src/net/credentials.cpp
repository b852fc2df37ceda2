#include "net/credentials.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "net/url_parts.hpp"

namespace l402d::net {

namespace {

constexpr std::array<std::string_view, 8> kSecretHeaders = {
    "authorization", "proxy-authorization", "cookie",    "grpc-metadata-macaroon",
    "x-api-key",     "payment-signature",   "x-payment", "macaroon"};

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

bool is_secret(std::string_view name, const std::vector<std::string>& extra) {
  auto matches = [&](std::string_view secret) { return same_name(name, secret); };
  return std::any_of(kSecretHeaders.begin(), kSecretHeaders.end(), matches) ||
         std::any_of(extra.begin(), extra.end(), matches);
}

}  // namespace

bool carries_credentials(const HttpRequest& request) {
  for (const auto& header : request.headers) {
    if (is_secret(header.first, request.secret_headers)) return true;
  }
  return url_has_userinfo(request.url);
}

}  // namespace l402d::net
