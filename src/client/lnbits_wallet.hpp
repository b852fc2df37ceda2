#pragma once

// Pays from an LNbits wallet: POST /api/v1/payments {"out": true, "bolt11"}
// with the wallet's admin key in X-Api-Key, then GET /api/v1/payments/{hash}
// while the payment is pending (and to learn how an interrupted one ended).
//
// Fees: LNbits takes no fee limit from the caller. It hands its funding
// source a limit of its own, the fee reserve (max(lnbits_reserve_fee_min,
// lnbits_reserve_fee_percent of the amount), 2 sat and 1% by default), and
// adds its service fee if the admin set one; GET
// /api/v1/payments/fee-reserve?invoice= tells that total for an invoice. So
// the buyer's max fee is checked against it BEFORE paying: an invoice whose
// reserve is above the max fee is refused, and the reserve is what the budget
// counts. Instances too old to answer are assumed to use the defaults.
//
// Settings ([wallets.lnbits] or L402_LNBITS_*): host (required),
// admin_key or admin_key_path, ca_cert_path, tls_cert_path, timeout_seconds,
// pay_timeout_seconds (how long a pending payment is polled),
// poll_interval_seconds (1).

#include <chrono>
#include <memory>
#include <string>

#include "client/wallet.hpp"
#include "client/wallet_api.hpp"
#include "client/wallet_settings.hpp"

namespace l402d::client {

class LnbitsWallet final : public Wallet {
 public:
  LnbitsWallet(WalletEndpoint endpoint, const std::string& admin_key, Transport transport,
               std::chrono::seconds poll_interval = std::chrono::seconds(1), Sleep sleep = {});

  std::string name() const override { return "lnbits"; }
  Expected<std::uint64_t, std::string> fee_limit_msat(const std::string& bolt11,
                                                      const bolt11::Invoice& decoded,
                                                      std::uint64_t max_fee_msat) override;
  PayResult pay(const std::string& bolt11, const bolt11::Invoice& decoded,
                std::uint64_t max_fee_msat) override;
  PayResult status(const std::string& bolt11, const bolt11::Invoice& decoded) override;

  // LNbits' default fee reserve (lnbits/settings.py FeeSettings).
  static std::uint64_t default_fee_reserve_msat(std::uint64_t amount_msat);

 private:
  std::uint64_t fee_reserve_msat(const std::string& bolt11, std::uint64_t amount_msat);
  PayResult check(const bolt11::Invoice& decoded);
  PayResult poll(const bolt11::Invoice& decoded, std::string pending_message);

  WalletApi api_;
  std::chrono::seconds poll_interval_;
  Sleep sleep_;
};

std::unique_ptr<Wallet> make_lnbits_wallet(const WalletSettingsReader& settings,
                                           const WalletContext& context);

}  // namespace l402d::client
