#include "lnsim/chain.hpp"

#include "bolt11/codec.hpp"
#include "bolt11/network_name.hpp"

namespace l402d::lnsim {

using bolt11::Network;

std::string_view Chain::name() const {
  return bolt11::network_name(network);
}

std::string_view Chain::lnd_network() const {
  return name();
}

std::string_view Chain::lnd_params_name() const {
  return network == Network::testnet ? "testnet3" : name();
}

std::string_view Chain::cln_network() const {
  return network == Network::mainnet ? "bitcoin" : name();
}

std::string_view Chain::cln_hrp_chain() const {
  return bolt11::hrp_prefix(network).substr(2);  // without "ln"
}

std::string_view Chain::phoenixd_chain() const {
  return network == Network::testnet ? "testnet3" : name();
}

std::uint32_t Chain::block_height() const {
  switch (network) {
    case Network::mainnet:
      return 905'000;
    case Network::testnet:
      return 4'400'000;
    case Network::signet:
      return 260'000;
    case Network::regtest:
      break;
  }
  return 210;
}

std::optional<Chain> chain_from_name(std::string_view name) {
  for (const Network n : {Network::regtest, Network::testnet, Network::signet, Network::mainnet}) {
    const Chain c{n};
    if (c.name() == name) return c;
  }
  return std::nullopt;
}

}  // namespace l402d::lnsim
