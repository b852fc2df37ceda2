#pragma once

// A Nostr Wallet Connect wallet (NIP-47) as the seller's node: invoices from
// make_invoice, lookups with lookup_invoice, and settlements pushed by the
// wallet's payment_received notifications over one long-lived relay
// connection (nwc::NwcClient). Waiters also look their invoice up every few
// seconds, for wallets that send no notifications.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string_view>

#include "lightning/backend.hpp"
#include "lightning/invoice_waiters.hpp"

namespace l402d::nwc {
class NwcClient;
}

namespace l402d::lightning {

// [lightning.nwc]
struct NwcConfig {
  static constexpr std::string_view kName = "nwc";
  // A file (mode 0600) holding the nostr+walletconnect:// URI; L402D_NWC_URI wins.
  std::filesystem::path uri_path;
  // For a wss:// relay with a self-signed certificate: pin it. Empty: system CAs.
  std::filesystem::path relay_tls_cert_path;
  std::chrono::milliseconds timeout{15'000};  // per request
};

class NwcBackend final : public Backend {
 public:
  // Reads and parses the URI (BackendError unauthorized when it cannot) and
  // connects to the relay in the background.
  explicit NwcBackend(NwcConfig config, std::function<std::int64_t()> clock = {});
  ~NwcBackend() override;

  std::string name() const override { return "nwc"; }
  bool simulates_payments() const override { return false; }
  boost::asio::awaitable<NodeInfo> async_node_info() override;
  boost::asio::awaitable<CreatedInvoice> async_create_invoice(
      CreateInvoiceRequest request) override;
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_lookup_invoice(
      Hash32 payment_hash) override;
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_wait_invoice(
      Hash32 payment_hash, std::chrono::milliseconds timeout) override;

 private:
  std::int64_t now() const;

  NwcConfig config_;
  std::function<std::int64_t()> clock_;
  InvoiceWaiters waiters_;
  std::unique_ptr<nwc::NwcClient> client_;  // last: its thread notifies waiters_
};

}  // namespace l402d::lightning
