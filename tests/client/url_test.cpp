#include "client/url.hpp"

#include <gtest/gtest.h>

#include "client/token_cache.hpp"

namespace l402d::client {
namespace {

TEST(Url, SplitsAndNormalises) {
  auto u = parse_url("HTTPS://User:pw@Example.COM/api/l402/music?x=1#frag");
  EXPECT_EQ(u.scheme, "https");
  EXPECT_EQ(u.host, "example.com");
  EXPECT_EQ(u.port, 443);
  EXPECT_EQ(u.path, "/api/l402/music");
  EXPECT_EQ(u.query, "x=1");
  EXPECT_EQ(u.server(), "https://example.com:443");
  EXPECT_EQ(u.origin(), "https://example.com");
  EXPECT_EQ(u.target(), "/api/l402/music?x=1");
  EXPECT_EQ(u.printable(), "https://example.com/api/l402/music");
}

TEST(Url, PortsAndIpv6) {
  auto u = parse_url("http://127.0.0.1:8402");
  EXPECT_EQ(u.port, 8402);
  EXPECT_EQ(u.path, "/");
  EXPECT_EQ(u.origin(), "http://127.0.0.1:8402");
  auto v = parse_url("http://[::1]:80/x");
  EXPECT_EQ(v.host, "::1");
  EXPECT_EQ(v.origin(), "http://[::1]");
  EXPECT_EQ(v.server(), "http://[::1]:80");
}

TEST(Url, RefusesOtherSchemesAndBadPorts) {
  EXPECT_THROW(parse_url("ftp://x/"), std::invalid_argument);
  EXPECT_THROW(parse_url("example.com/x"), std::invalid_argument);
  EXPECT_THROW(parse_url("http://x:99999/"), std::invalid_argument);
  EXPECT_THROW(parse_url("http:///x"), std::invalid_argument);
}

TEST(Url, ResolvesReferences) {
  auto base = parse_url("http://h:1/api/l402/music");
  EXPECT_EQ(resolve_url(base, "/media/a.mp3"), "http://h:1/media/a.mp3");
  EXPECT_EQ(resolve_url(base, "https://cdn/x"), "https://cdn/x");
  EXPECT_EQ(resolve_url(base, "a.mp3"), "http://h:1/api/l402/a.mp3");
}

TEST(CacheKey, ServerMethodTargetAndBodyHash) {
  auto a = make_cache_key("http://Host/p?q", "post", "{}");
  EXPECT_EQ(a.server, "http://host:80");
  EXPECT_EQ(a.method, "POST");
  EXPECT_EQ(a.target, "/p?q");
  EXPECT_EQ(a.request_sha256, "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
  EXPECT_EQ(a, make_cache_key("http://host:80/p?q", "POST", "{}"));
  EXPECT_FALSE(a == make_cache_key("http://host/p?q", "POST", "{ }"));
}

}  // namespace
}  // namespace l402d::client
