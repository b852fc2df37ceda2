#pragma once

// Pays with a Core Lightning node through clnrest: POST /v1/xpay (v24.11+)
// with maxfee and retry_for, or POST /v1/pay when the node has no xpay;
// POST /v1/listpays to learn how an interrupted payment ended. Authenticated
// by the Rune header, over HTTPS trusting clnrest's CA (ca_cert_path) or its
// pinned certificate (tls_cert_path).
//
// Settings ([wallets.cln] or L402_CLN_*): host (https://127.0.0.1:3010),
// rune or rune_path, ca_cert_path, tls_cert_path, timeout_seconds,
// pay_timeout_seconds.

#include <memory>
#include <string>

#include "client/network_cache.hpp"
#include "client/wallet.hpp"
#include "client/wallet_api.hpp"
#include "client/wallet_settings.hpp"

namespace l402d::client {

class ClnWallet final : public Wallet {
 public:
  ClnWallet(WalletEndpoint endpoint, const std::string& rune, Transport transport);

  std::string name() const override { return "cln"; }
  PayResult pay(const std::string& bolt11, const bolt11::Invoice& decoded,
                std::uint64_t max_fee_msat) override;
  PayResult status(const std::string& bolt11, const bolt11::Invoice& decoded) override;
  std::optional<bolt11::Network> network() const override;

 private:
  // The answer of xpay or pay (201 or an RPC error) as a PayResult.
  PayResult outcome(const net::HttpResponse& res, const bolt11::Invoice& decoded);

  WalletApi api_;
  NetworkCache network_;
};

std::unique_ptr<Wallet> make_cln_wallet(const WalletSettingsReader& settings,
                                        const WalletContext& context);

}  // namespace l402d::client
