#include "bolt11/network_name.hpp"

namespace l402d::bolt11 {

std::optional<Network> parse_network(std::string_view name) {
  if (name == "mainnet" || name == "bitcoin") return Network::mainnet;
  if (name == "testnet" || name == "testnet3" || name == "testnet4") return Network::testnet;
  if (name == "signet") return Network::signet;
  if (name == "regtest") return Network::regtest;
  return std::nullopt;
}

std::string_view network_name(Network network) {
  switch (network) {
    case Network::mainnet:
      return "mainnet";
    case Network::testnet:
      return "testnet";
    case Network::signet:
      return "signet";
    case Network::regtest:
      return "regtest";
  }
  return "unknown";
}

}  // namespace l402d::bolt11
