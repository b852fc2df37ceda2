#pragma once

// The names people and nodes give the networks invoices are for.

#include <optional>
#include <string_view>

#include "bolt11/invoice.hpp"

namespace l402d::bolt11 {

// "mainnet" (also "bitcoin", Core Lightning's name), "testnet" (also
// "testnet3" and "testnet4": the same invoice prefix), "signet", "regtest"; nullopt otherwise.
std::optional<Network> parse_network(std::string_view name);
std::string_view network_name(Network network);

}  // namespace l402d::bolt11
