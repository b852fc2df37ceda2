#pragma once

// LND over its REST API (lnd v0.21): invoices made with POST /v1/invoices,
// looked up with /v2/invoices/lookup, and settlements pushed by one
// /v1/invoices/subscribe stream for all buyers waiting at once.
//
// Auth is the hex of an invoice macaroon in Grpc-Metadata-macaroon; TLS is
// pinned to the node's self-signed tls.cert. Calls run on the caller's event
// loop with kept-alive connections (net::AsyncHttpClient); the subscription
// runs on the backend's own thread and reconnects with backoff, resuming
// from the last settle index it saw, and waiters look the invoice up again
// every few seconds in case the stream is down.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "lightning/backend.hpp"
#include "lightning/invoice_waiters.hpp"
#include "lightning/push_channel.hpp"
#include "net/async_http_client.hpp"

namespace l402d::lightning {

// [lightning.lnd]
struct LndConfig {
  static constexpr std::string_view kName = "lnd";
  std::string host = "https://127.0.0.1:8080";  // restlisten
  // An invoice macaroon (invoices read+write). L402D_LND_MACAROON (hex) wins.
  std::filesystem::path macaroon_path;
  // LND's tls.cert, pinned. Empty: the system's CAs (LND behind a proxy).
  std::filesystem::path tls_cert_path;
  std::chrono::milliseconds timeout{10'000};  // per call
};

class LndBackend final : public Backend {
 public:
  // Reads the macaroon (BackendError unauthorized when it cannot) and starts
  // the subscription. Makes no call yet: make_backend checks the node.
  // `network`: what every invoice must be for (nullopt checks nothing).
  explicit LndBackend(LndConfig config, std::optional<bolt11::Network> network = {},
                      std::function<std::int64_t()> clock = {});
  ~LndBackend() override;

  std::string name() const override { return "lnd"; }
  // getinfo's answer; with an invoice macaroon, which LND does not let call
  // getinfo, only proof that the macaroon reads invoices (no alias, pubkey
  // or network: every invoice's prefix is checked instead).
  bool simulates_payments() const override { return false; }
  boost::asio::awaitable<NodeInfo> async_node_info() override;
  boost::asio::awaitable<CreatedInvoice> async_create_invoice(
      CreateInvoiceRequest request) override;
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_lookup_invoice(
      Hash32 payment_hash) override;
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_wait_invoice(
      Hash32 payment_hash, std::chrono::milliseconds timeout) override;

  // LND's limit on a memo.
  static constexpr std::size_t kMaxMemoBytes = 1024;

 private:
  net::HttpRequest request(std::string method, std::string path, std::string body = {}) const;
  boost::asio::awaitable<net::HttpResponse> call(net::HttpRequest request);
  boost::asio::awaitable<void> subscribe_once();
  void on_stream_line(std::string_view line);
  std::int64_t now() const;

  LndConfig config_;
  std::optional<bolt11::Network> network_;
  std::string macaroon_hex_;
  std::function<std::int64_t()> clock_;
  net::AsyncHttpClient client_;
  InvoiceWaiters waiters_;
  std::atomic<std::uint64_t> settle_index_{0};
  PushChannel push_;  // last: stopped before the members it uses go
};

}  // namespace l402d::lightning
