#pragma once

// Pays with an LND node over its REST API (the router sub-server, in every
// release build; SendPaymentSync is gone since v0.21): POST /v2/router/send
// (SendPaymentV2) with a fee limit,
// read to the final update of its NDJSON stream; GET
// /v2/router/track/{hash} (TrackPaymentV2) to learn how an interrupted
// payment ended. Authenticated by the hex macaroon in Grpc-Metadata-macaroon,
// over TLS pinned to the node's tls.cert.
//
// Settings ([wallets.lnd] or L402_LND_*): host (https://127.0.0.1:8080),
// macaroon_path (admin.macaroon) or macaroon_hex, tls_cert_path, ca_cert_path,
// timeout_seconds, pay_timeout_seconds.

#include <memory>
#include <string>

#include "client/network_cache.hpp"
#include "client/wallet.hpp"
#include "client/wallet_api.hpp"
#include "client/wallet_settings.hpp"

namespace l402d::client {

class LndWallet final : public Wallet {
 public:
  LndWallet(WalletEndpoint endpoint, const std::string& macaroon_hex, Transport transport);

  std::string name() const override { return "lnd"; }
  PayResult pay(const std::string& bolt11, const bolt11::Invoice& decoded,
                std::uint64_t max_fee_msat) override;
  PayResult status(const std::string& bolt11, const bolt11::Invoice& decoded) override;
  std::optional<bolt11::Network> network() const override;

 private:
  PayResult track(const bolt11::Invoice& decoded);

  WalletApi api_;
  NetworkCache network_;
};

std::unique_ptr<Wallet> make_lnd_wallet(const WalletSettingsReader& settings,
                                        const WalletContext& context);

}  // namespace l402d::client
