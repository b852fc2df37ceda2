#pragma once

// Pays with phoenixd: POST /payinvoice (form invoice=...) with basic auth
// (empty user, the full-access http-password); GET
// /payments/outgoingbyhash/{hash} to learn how an interrupted payment ended.
//
// Fees: phoenixd takes no fee limit. Every payment goes through ACINQ's
// trampoline node, whose fee is fixed in phoenixd (conf/Lsp.kt: 4 sat +
// 4000 ppm, the "0.4%" of its docs). So the fee is known before paying: an
// invoice whose fee would be above the buyer's max fee is refused, and that
// fee is what the budget counts. fee_base_msat and fee_ppm override the
// numbers should ACINQ change them.
//
// Settings ([wallets.phoenixd] or L402_PHOENIXD_*): host
// (http://127.0.0.1:9740), password or password_path or phoenix_conf_path
// (its http-password line), fee_base_msat, fee_ppm, ca_cert_path,
// tls_cert_path, timeout_seconds, pay_timeout_seconds.

#include <memory>
#include <string>

#include "client/network_cache.hpp"
#include "client/wallet.hpp"
#include "client/wallet_api.hpp"
#include "client/wallet_settings.hpp"

namespace l402d::client {

struct PhoenixdFees {
  std::uint64_t base_msat = 4000;
  std::uint64_t ppm = 4000;
  // Rounded up, so the limit is never below what phoenixd takes.
  std::uint64_t for_amount(std::uint64_t amount_msat) const {
    return base_msat + amount_msat / 1'000'000 * ppm +
           (amount_msat % 1'000'000 * ppm + 999'999) / 1'000'000;
  }
};

class PhoenixdWallet final : public Wallet {
 public:
  PhoenixdWallet(WalletEndpoint endpoint, const std::string& password, Transport transport,
                 PhoenixdFees fees = {});

  std::string name() const override { return "phoenixd"; }
  Expected<std::uint64_t, std::string> fee_limit_msat(const std::string& bolt11,
                                                      const bolt11::Invoice& decoded,
                                                      std::uint64_t max_fee_msat) override;
  PayResult pay(const std::string& bolt11, const bolt11::Invoice& decoded,
                std::uint64_t max_fee_msat) override;
  PayResult status(const std::string& bolt11, const bolt11::Invoice& decoded) override;
  std::optional<bolt11::Network> network() const override;

 private:
  PayResult lookup(const bolt11::Invoice& decoded);

  WalletApi api_;
  PhoenixdFees fees_;
  NetworkCache network_;
};

// The http-password line of a phoenix.conf (not http-password-limited-access,
// which cannot pay).
std::optional<std::string> phoenix_conf_password(const std::string& conf_text);

std::unique_ptr<Wallet> make_phoenixd_wallet(const WalletSettingsReader& settings,
                                             const WalletContext& context);

}  // namespace l402d::client
