#include "jobs/public_address.hpp"

#include <netinet/in.h>

#include <cstdint>
#include <cstring>

namespace l402d::jobs {

namespace {

bool in_v4(std::uint32_t a, std::uint32_t net, int bits) {
  const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return (a & mask) == (net & mask);
}

constexpr std::uint32_t v4(int a, int b, int c, int d) {
  return static_cast<std::uint32_t>(a) << 24 | static_cast<std::uint32_t>(b) << 16 |
         static_cast<std::uint32_t>(c) << 8 | static_cast<std::uint32_t>(d);
}

bool public_v4(std::uint32_t a) {
  struct Range {
    std::uint32_t net;
    int bits;
  };
  static constexpr Range refused[] = {
      {v4(0, 0, 0, 0), 8},    {v4(10, 0, 0, 0), 8},     {v4(100, 64, 0, 0), 10},
      {v4(127, 0, 0, 0), 8},  {v4(169, 254, 0, 0), 16}, {v4(172, 16, 0, 0), 12},
      {v4(192, 0, 0, 0), 24}, {v4(192, 168, 0, 0), 16}, {v4(198, 18, 0, 0), 15},
      {v4(224, 0, 0, 0), 4},  {v4(240, 0, 0, 0), 4},
  };
  for (const auto& r : refused)
    if (in_v4(a, r.net, r.bits)) return false;
  return true;
}

bool public_v6(const std::uint8_t (&a)[16]) {
  static constexpr std::uint8_t mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(a, mapped_prefix, 12) == 0) {
    return public_v4(v4(a[12], a[13], a[14], a[15]));
  }
  bool zero_head = true;
  for (int i = 0; i < 15; ++i)
    zero_head = zero_head && a[i] == 0;
  if (zero_head) return false;                              // :: and ::1
  if ((a[0] & 0xfe) == 0xfc) return false;                  // fc00::/7 unique local
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return false;  // fe80::/10 link-local
  if (a[0] == 0xff) return false;                           // multicast
  // 64:ff9b::/96 (NAT64) carries an IPv4 address: judge that one.
  static constexpr std::uint8_t nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(a, nat64, 12) == 0) return public_v4(v4(a[12], a[13], a[14], a[15]));
  return true;
}

}  // namespace

bool is_public_address(const sockaddr& address) {
  if (address.sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, &address, sizeof in);
    return public_v4(ntohl(in.sin_addr.s_addr));
  }
  if (address.sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, &address, sizeof in6);
    std::uint8_t bytes[16];
    std::memcpy(bytes, &in6.sin6_addr, 16);
    return public_v6(bytes);
  }
  return false;
}

}  // namespace l402d::jobs
