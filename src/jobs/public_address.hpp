#pragma once

// Addresses a URL chosen by a buyer may reach: the public Internet only.
// Loopback, private (RFC 1918, unique local), link-local (cloud metadata at
// 169.254.169.254), carrier-grade NAT, multicast, unspecified and reserved
// ranges are refused, and IPv4 mapped into IPv6 is judged as IPv4, so that a
// callback cannot be aimed at the seller's own network.

#include <sys/socket.h>

namespace l402d::jobs {

bool is_public_address(const sockaddr& address);

}  // namespace l402d::jobs
