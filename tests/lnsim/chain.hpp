#pragma once

// The network lnsim pretends to run on (--network), and the names each
// implementation gives it: they disagree (lnd "testnet", CLN "bitcoin" for
// mainnet, phoenixd "testnet3"), and each API answers with its own.

#include <cstdint>
#include <optional>
#include <string_view>

#include "bolt11/invoice.hpp"

namespace l402d::lnsim {

struct Chain {
  bolt11::Network network = bolt11::Network::regtest;

  std::string_view name() const;             // --network spelling: regtest|testnet|signet|mainnet
  std::string_view lnd_network() const;      // getinfo chains[].network
  std::string_view lnd_params_name() const;  // btcd chaincfg name, in zpay32 errors
  std::string_view cln_network() const;      // getinfo.network, bolt11 errors
  std::string_view cln_hrp_chain() const;    // "bcrt", "tb", "tbs", "bc"
  std::string_view phoenixd_chain() const;   // getinfo.chain
  std::uint32_t block_height() const;        // a plausible, fixed tip
};

std::optional<Chain> chain_from_name(std::string_view name);

}  // namespace l402d::lnsim
