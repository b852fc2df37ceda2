#pragma once

// Core Lightning over clnrest, its REST plugin (every RPC is POST
// /v1/<method> with a rune in the Rune header; 201 carries the result, 500
// the RPC error). Invoices made with `invoice` under a fresh random label,
// looked up with `listinvoices`, and settlements pushed by one
// `waitanyinvoice` long poll for all waiting buyers at once, on the
// backend's own thread (push_channel.hpp): it starts from the node's
// current pay index, so that history is not replayed, and asks for the
// invoice paid after the last one it saw.
//
// TLS: clnrest's own CA (ca.pem in its certs directory) and/or a pinned
// certificate. Calls run on the caller's event loop with kept-alive
// connections (net::AsyncHttpClient).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "lightning/backend.hpp"
#include "lightning/invoice_waiters.hpp"
#include "lightning/push_channel.hpp"
#include "net/async_http_client.hpp"

namespace boost::json {
class object;
}

namespace l402d::lightning {

// [lightning.cln]
struct ClnConfig {
  static constexpr std::string_view kName = "cln";
  std::string host = "https://127.0.0.1:3010";  // clnrest-host, clnrest-port
  // A rune for getinfo, invoice, listinvoices and waitanyinvoice
  // (lightning-cli createrune). L402D_CLN_RUNE wins.
  std::filesystem::path rune_path;
  // clnrest's CA (ca.pem). Empty with no tls_cert_path: the system's CAs.
  std::filesystem::path tls_ca_path;
  // Pinned: the server's key must be this certificate's (server.pem). Alone,
  // it must also be its own trust anchor (a self-signed certificate).
  std::filesystem::path tls_cert_path;
  std::chrono::milliseconds timeout{10'000};  // per call
};

class ClnBackend final : public Backend {
 public:
  // Reads the rune (BackendError unauthorized when it cannot) and starts the
  // waitanyinvoice loop. make_backend's caller checks the node.
  explicit ClnBackend(ClnConfig config, std::function<std::int64_t()> clock = {});
  ~ClnBackend() override;

  std::string name() const override { return "cln"; }
  bool simulates_payments() const override { return false; }
  boost::asio::awaitable<NodeInfo> async_node_info() override;
  boost::asio::awaitable<CreatedInvoice> async_create_invoice(
      CreateInvoiceRequest request) override;
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_lookup_invoice(
      Hash32 payment_hash) override;
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_wait_invoice(
      Hash32 payment_hash, std::chrono::milliseconds timeout) override;

  // What one BOLT11 `d` field holds; CLN refuses longer.
  static constexpr std::size_t kMaxDescriptionBytes = 639;
  // How long one waitanyinvoice waits before CLN answers 904 and it is asked
  // again: short enough that a silently dropped connection is noticed.
  static constexpr std::chrono::seconds kLongPoll{60};

 private:
  net::HttpRequest rpc(std::string_view method, std::string params,
                       std::chrono::milliseconds timeout) const;
  boost::asio::awaitable<std::optional<boost::json::object>> wait_any(std::uint64_t lastpay_index,
                                                                      std::chrono::seconds wait);
  boost::asio::awaitable<std::uint64_t> current_pay_index();
  boost::asio::awaitable<void> watch_payments();
  void on_paid(const boost::json::object& invoice);

  ClnConfig config_;
  std::string rune_;
  std::function<std::int64_t()> clock_;
  net::AsyncHttpClient client_;
  InvoiceWaiters waiters_;
  // The last pay_index seen; only the push thread touches it.
  std::optional<std::uint64_t> pay_index_;
  PushChannel push_;  // last: stopped before the members it uses go
};

}  // namespace l402d::lightning
