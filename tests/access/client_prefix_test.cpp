// Client addresses cut to the prefix an allowance counts against.

#include "access/client_prefix.hpp"

#include <gtest/gtest.h>

namespace l402d::access {
namespace {

TEST(ClientPrefix, AnIpv4AddressIsItsOwnHostByDefault) {
  EXPECT_EQ(client_prefix("203.0.113.77"), "203.0.113.77/32");
  EXPECT_EQ(client_prefix("203.0.113.77", {24, 64}), "203.0.113.0/24");
  EXPECT_EQ(client_prefix("203.0.113.77", {20, 64}), "203.0.112.0/20");
}

TEST(ClientPrefix, AnIpv6HostCountsByItsSlash64) {
  EXPECT_EQ(client_prefix("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_prefix("2001:db8:1:2::1"), client_prefix("2001:db8:1:2:ffff::9"));
  EXPECT_NE(client_prefix("2001:db8:1:2::1"), client_prefix("2001:db8:1:3::1"));
  EXPECT_EQ(client_prefix("2001:db8:1:2::1", {32, 48}), "2001:db8:1::/48");
}

TEST(ClientPrefix, AMappedIpv4AddressCountsAsIpv4) {
  EXPECT_EQ(client_prefix("::ffff:203.0.113.77"), "203.0.113.77/32");
}

TEST(ClientPrefix, TextThatIsNoAddressIsNothing) {
  EXPECT_FALSE(client_prefix(""));
  EXPECT_FALSE(client_prefix("localhost"));
  EXPECT_FALSE(client_prefix("203.0.113.77:8402"));
  EXPECT_FALSE(client_prefix("[::1]"));
}

}  // namespace
}  // namespace l402d::access
