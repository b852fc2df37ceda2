#pragma once

// CAIP-2 names of the Bitcoin networks (bip122:<first 32 hex digits of the
// genesis block hash>), as x402 writes `network`.

#include <optional>
#include <string_view>

#include "bolt11/invoice.hpp"

namespace l402d::x402 {

std::string_view caip2_network(bolt11::Network network);
std::optional<bolt11::Network> network_from_caip2(std::string_view caip2);

}  // namespace l402d::x402
