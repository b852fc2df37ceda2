// Where a buyer's request goes upstream.

#include "proxy/forwarder.hpp"

#include <gtest/gtest.h>

namespace l402d::proxy {
namespace {

Upstream upstream(std::string url, std::string strip = {}) {
  Upstream u;
  u.url = std::move(url);
  u.strip_prefix = std::move(strip);
  return u;
}

TEST(UpstreamUrl, TheWholePathAndQueryFollowTheBaseUrl) {
  EXPECT_EQ(upstream_url(upstream("http://u:9000"), "/v1/chat?x=1"), "http://u:9000/v1/chat?x=1");
  EXPECT_EQ(upstream_url(upstream("http://u:9000/api"), "/v1/chat"), "http://u:9000/api/v1/chat");
}

TEST(UpstreamUrl, TheRoutePrefixIsTakenOffWhenTheSellerSaysSo) {
  const auto u = upstream("https://api.example/v2", "/openai");
  EXPECT_EQ(upstream_url(u, "/openai/chat?stream=1"), "https://api.example/v2/chat?stream=1");
  EXPECT_EQ(upstream_url(u, "/openai"), "https://api.example/v2");
  EXPECT_EQ(upstream_url(upstream("http://u", "/openai"), "/openai"), "http://u/");
  EXPECT_EQ(upstream_url(upstream("http://u", "/openai"), "/openai?q"), "http://u/?q");
  EXPECT_EQ(upstream_url(u, "/other/x"), "https://api.example/v2/other/x")
      << "a path without the prefix goes whole";
}

}  // namespace
}  // namespace l402d::proxy
