#pragma once

// Who a free allowance or a rate limit counts against: the client's address
// cut to a prefix, so that one host cannot reset its allowance by taking the
// next address of its own network. An IPv6 host usually holds a whole /64;
// an IPv4 address is usually one host (or one NAT).

#include <optional>
#include <string>
#include <string_view>

namespace l402d::access {

struct PrefixLengths {
  int v4 = 32;
  int v6 = 64;
};

// "203.0.113.0/24", "2001:db8:1:2::/64"; nullopt for text that is not an IP
// address. An IPv4-mapped IPv6 address counts as IPv4.
std::optional<std::string> client_prefix(std::string_view address, PrefixLengths lengths = {});

}  // namespace l402d::access
