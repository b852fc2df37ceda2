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
  // The dev node charges no fee.
  Expected<std::uint64_t, std::string> fee_limit_msat(const std::string&, const bolt11::Invoice&,
                                                      std::uint64_t) override {
    return std::uint64_t{0};
  }
  PayResult pay(const std::string& bolt11, const bolt11::Invoice& decoded,
                std::uint64_t max_fee_msat) override;
  PayResult status(const std::string& bolt11, const bolt11::Invoice& decoded) override;
  std::optional<bolt11::Network> network() const override { return bolt11::Network::regtest; }

 private:
  std::string origin_;
  Transport transport_;
};

}  // namespace l402d::client
