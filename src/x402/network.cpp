#include "x402/network.hpp"

namespace l402d::x402 {
namespace {

// Testnet3's genesis; testnet4 shares its invoice prefix, so an invoice cannot
// say which of the two it is for, and the x402 Lightning draft names testnet3.
constexpr std::string_view kMainnet = "bip122:000000000019d6689c085ae165831e93";
constexpr std::string_view kTestnet = "bip122:000000000933ea01ad0ee984209779ba";
constexpr std::string_view kSignet = "bip122:00000008819873e925422c1ff0f99f7c";
constexpr std::string_view kRegtest = "bip122:0f9188f13cb7b2c71f2a335e3a4fc328";

}  // namespace

std::string_view caip2_network(bolt11::Network network) {
  switch (network) {
    case bolt11::Network::mainnet:
      return kMainnet;
    case bolt11::Network::testnet:
      return kTestnet;
    case bolt11::Network::signet:
      return kSignet;
    case bolt11::Network::regtest:
      return kRegtest;
  }
  return kMainnet;
}

std::optional<bolt11::Network> network_from_caip2(std::string_view caip2) {
  for (auto n : {bolt11::Network::mainnet, bolt11::Network::testnet, bolt11::Network::signet,
                 bolt11::Network::regtest}) {
    if (caip2_network(n) == caip2) return n;
  }
  return std::nullopt;
}

}  // namespace l402d::x402
