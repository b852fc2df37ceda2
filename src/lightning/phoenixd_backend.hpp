#pragma once

// Phoenixd over its HTTP API (v0.8): invoices made with POST /createinvoice
// (form parameters) and looked up with GET /payments/incoming/{hash}, with
// HTTP basic auth (empty user, the limited-access password: it can make
// invoices but not pay). Payments are pushed on its websocket, /websocket,
// listened to on the backend's own thread and reconnected with backoff
// (push_channel.hpp); each payment_received event is looked up once and
// wakes its waiters, who also look again every few seconds.

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

namespace l402d::lightning {

// [lightning.phoenixd]
struct PhoenixdConfig {
  static constexpr std::string_view kName = "phoenixd";
  std::string host = "http://127.0.0.1:9740";  // --http-bind-ip, --http-bind-port
  // A file holding the password, or phoenix.conf itself (its
  // http-password-limited-access is used). L402D_PHOENIXD_PASSWORD wins.
  std::filesystem::path password_path;
  std::chrono::milliseconds timeout{10'000};  // per call
};

class PhoenixdBackend final : public Backend {
 public:
  // Reads the password (BackendError unauthorized when it cannot) and starts
  // the websocket. make_backend's caller checks the node.
  explicit PhoenixdBackend(PhoenixdConfig config, std::function<std::int64_t()> clock = {});
  ~PhoenixdBackend() override;

  std::string name() const override { return "phoenixd"; }
  bool simulates_payments() const override { return false; }
  boost::asio::awaitable<NodeInfo> async_node_info() override;
  boost::asio::awaitable<CreatedInvoice> async_create_invoice(
      CreateInvoiceRequest request) override;
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_lookup_invoice(
      Hash32 payment_hash) override;
  boost::asio::awaitable<std::optional<InvoiceStatus>> async_wait_invoice(
      Hash32 payment_hash, std::chrono::milliseconds timeout) override;

  // Phoenixd's limit on a description, in (UTF-16) characters.
  static constexpr std::size_t kMaxDescriptionChars = 128;

 private:
  net::HttpRequest request(std::string method, std::string path, std::string form) const;
  boost::asio::awaitable<void> watch_payments();

  PhoenixdConfig config_;
  std::string password_;
  std::string authorization_;  // "Basic " + base64(":" + password)
  std::function<std::int64_t()> clock_;
  net::AsyncHttpClient client_;
  InvoiceWaiters waiters_;
  PushChannel push_;  // last: stopped before the members it uses go
};

}  // namespace l402d::lightning
