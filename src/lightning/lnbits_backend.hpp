#pragma once

// An LNbits wallet over its REST API (v0.12 to v1.5): invoices made with
// POST /api/v1/payments ("out": false) and looked up with GET
// /api/v1/payments/{hash}, with the wallet's invoice/read key in X-Api-Key.
// Payments are pushed on the wallet's websocket, /api/v1/ws/{invoice key},
// listened to on the backend's own thread and reconnected with backoff
// (push_channel.hpp); each pushed payment is looked up once and wakes its
// waiters, who also look again every few seconds.
//
// LNbits says nothing of the network its funding source is on, so the
// start-up check cannot compare it. Instead every invoice it makes is checked
// by its prefix (lnbc, lntb, lntbs, lnbcrt) against the configured network
// before it is handed out: one on another network is BackendError
// wrong_network, never a challenge.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "bolt11/invoice.hpp"
#include "lightning/backend.hpp"
#include "lightning/invoice_waiters.hpp"
#include "lightning/push_channel.hpp"
#include "net/async_http_client.hpp"

namespace l402d::lightning {

// [lightning.lnbits]
struct LnbitsConfig {
  static constexpr std::string_view kName = "lnbits";
  std::string host = "http://127.0.0.1:5000";  // LNbits' default listen address
  // The wallet's invoice/read key (never the admin key: l402d does not pay).
  // L402D_LNBITS_KEY wins.
  std::filesystem::path api_key_path;
  std::chrono::milliseconds timeout{10'000};  // per call
};

class LnbitsBackend final : public Backend {
 public:
  // Reads the key (BackendError unauthorized when it cannot) and starts the
  // websocket. `network`: what every invoice must be for; nullopt checks
  // nothing.
  explicit LnbitsBackend(LnbitsConfig config, std::optional<bolt11::Network> network = {},
                         std::function<std::int64_t()> clock = {});
  ~LnbitsBackend() override;

  std::string name() const override { return "lnbits"; }
  bool simulates_payments() const override { return false; }
  // The wallet's name as the alias; no pubkey, no network.
  boost::asio::awaitable<NodeInfo> async_node_info() override;
  boost::asio::awaitable<CreatedInvoice> async_create_invoice(
      CreateInvoiceRequest request) override;
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_lookup_invoice(
      Hash32 payment_hash) override;
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_wait_invoice(
      Hash32 payment_hash, std::chrono::milliseconds timeout) override;

  // LNbits' limit on a memo, in characters.
  static constexpr std::size_t kMaxMemoChars = 640;

 private:
  net::HttpRequest request(std::string method, std::string path, std::string body) const;
  boost::asio::awaitable<void> watch_payments();

  LnbitsConfig config_;
  std::string key_;
  std::optional<bolt11::Network> network_;
  std::function<std::int64_t()> clock_;
  net::AsyncHttpClient client_;
  InvoiceWaiters waiters_;
  PushChannel push_;  // last: stopped before the members it uses go
};

}  // namespace l402d::lightning
