#pragma once

#include <string>

#include "client/transport.hpp"
#include "client/wallet.hpp"

namespace l402d::client {

// Pays invoices of an l402d server's builtin development node through its
// POST /dev/pay, which hands out the preimage ({"invoice": "..."} ->
// {"preimage": "<hex>"}). No bitcoin moves. /dev/pay is idempotent (the same
// invoice always yields the same preimage), so status() simply pays again.
class DevWallet final : public Wallet {
 public:
  DevWallet(std::string server_origin, Transport transport);

  std::string name() const override { return "dev"; }
  PayResult pay(const std::string& bolt11, const bolt11::Invoice& decoded) override;
  PayResult status(const std::string& bolt11, const bolt11::Invoice& decoded) override;
  std::optional<bolt11::Network> network() const override { return bolt11::Network::regtest; }

 private:
  std::string origin_;
  Transport transport_;
};

}  // namespace l402d::client
