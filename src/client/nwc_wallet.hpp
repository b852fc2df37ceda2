#pragma once

// Pays with a Nostr Wallet Connect wallet (NIP-47): pay_invoice over the
// wallet's relay, lookup_invoice to learn how an interrupted payment ended.
//
// Fees: pay_invoice takes no fee limit; NWC wallets bound spending with the
// connection's own budget. The buyer's max fee is still reserved in l402's
// budget before paying, and the fee the wallet reports (fees_paid) is what
// the budget keeps.
//
// Settings ([wallets.nwc] or L402_NWC_*): uri or uri_path (the
// nostr+walletconnect:// URI; a secret), relay_tls_cert_path (a wss relay
// with a self-signed certificate), timeout_seconds (info and lookups, 30),
// pay_timeout_seconds (60).

#include <chrono>
#include <memory>

#include "client/wallet.hpp"
#include "client/wallet_settings.hpp"
#include "nwc/nwc_client.hpp"

namespace l402d::client {

class NwcWallet final : public Wallet {
 public:
  NwcWallet(nostr::NwcUri uri, nwc::NwcClientOptions options, std::chrono::seconds timeout,
            std::chrono::seconds pay_timeout);

  std::string name() const override { return "nwc"; }
  PayResult pay(const std::string& bolt11, const bolt11::Invoice& decoded,
                std::uint64_t max_fee_msat) override;
  PayResult status(const std::string& bolt11, const bolt11::Invoice& decoded) override;

 private:
  nwc::NwcClient client_;
  std::chrono::seconds timeout_;
  std::chrono::seconds pay_timeout_;
};

std::unique_ptr<Wallet> make_nwc_wallet(const WalletSettingsReader& settings,
                                        const WalletContext& context);

}  // namespace l402d::client
