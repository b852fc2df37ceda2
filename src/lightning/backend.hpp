#pragma once

// The seller's Lightning node, as the gateway needs it: make an invoice, look
// one up, wait for it to be paid. One interface for every backend (the
// builtin development node, LND, Core Lightning, LNbits, Phoenixd, NWC; see
// docs/lightning.md). Backends are built by make_backend (backend_factory.hpp).
//
// Calls are coroutines and run on the caller's event loop: a node that takes
// 20 ms holds a suspended coroutine, not a thread, so challenges are not
// capped by a pool of threads parked on node calls. Implementations are
// thread-safe; a call may come from any of the server's I/O threads.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "bolt11/invoice.hpp"
#include "lightning/dev_payments.hpp"
#include "store/invoice_state.hpp"
#include "util/bytes.hpp"

namespace l402d::lightning {

struct CreateInvoiceRequest {
  // Some nodes (LND `value`, LNbits, Phoenixd) take whole satoshis; their
  // backends reject amounts that are not a multiple of 1000 rather than round.
  std::uint64_t amount_msat = 0;
  std::string description;  // the memo the payer's wallet shows
  std::uint32_t expiry_seconds = 3600;
};

struct CreatedInvoice {
  std::string bolt11;
  Hash32 payment_hash{};
  std::int64_t expires_at = 0;  // unix seconds
};

// The store's enum (see store/invoice_state.hpp), so that the builtin node
// hands out what it reads without translating.
using store::InvoiceState;
using store::to_string;

struct InvoiceStatus {
  InvoiceState state = InvoiceState::open;
  std::uint64_t amount_msat = 0;
  std::optional<std::int64_t> settled_at;  // unix seconds, settled only
  // Settled only, and checked against the payment hash by the backend: what
  // lets a buyer who paid from a phone wallet form the credential.
  std::optional<Hash32> preimage;
};

// Who the node is, asked once at start: the banner, and the check that the
// node is on the network the configuration names.
struct NodeInfo {
  std::string alias;
  std::string pubkey;                      // hex; empty when the API does not say (LNbits)
  std::optional<bolt11::Network> network;  // nullopt when the API does not say
  std::string version;
};

enum class BackendErrorCode {
  unavailable,    // cannot reach the node, or it (or our own store) failed
  rejected,       // the node refused the request (bad amount, description too long, ...)
  timeout,        // the node did not answer in time
  unauthorized,   // the node refused our credentials (macaroon, rune, key, password)
  wrong_network,  // the node is on another network than the configuration says
};
std::string_view to_string(BackendErrorCode c);

// `text` fit for one log line: control characters (line breaks included)
// become spaces and bytes that are not UTF-8 become '?'. A node's error text
// is whatever it (or a proxy in front of it) sent; raw, it could forge log
// lines or leave bytes a log reader chokes on.
std::string log_line_text(std::string_view text);

// A backend failure. The message is for logs and must never carry a secret
// (macaroon, rune, API key, preimage): backends build it from status codes and
// the node's error text only. It is made fit for one log line here, so that
// no backend's error path can forget to.
class BackendError : public std::runtime_error {
 public:
  BackendError(BackendErrorCode code, const std::string& message)
      : std::runtime_error(log_line_text(message)), code_(code) {}
  BackendErrorCode code() const noexcept { return code_; }

 private:
  BackendErrorCode code_;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;
  // True when payments are simulated (the builtin development node).
  virtual bool simulates_payments() const = 0;

  // Reachable, authenticated, and who it is. Throws BackendError.
  virtual boost::asio::awaitable<NodeInfo> async_node_info() = 0;
  // Throws BackendError.
  virtual boost::asio::awaitable<CreatedInvoice> async_create_invoice(
      CreateInvoiceRequest request) = 0;
  // nullopt for an invoice this node does not know. Throws BackendError.
  virtual boost::asio::awaitable<std::optional<InvoiceStatus>> async_lookup_invoice(
      Hash32 payment_hash) = 0;
  // The invoice's status once it is settled, expired or cancelled, or as it
  // is when `timeout` passes; nullopt for an unknown invoice. The default
  // polls async_lookup_invoice; backends with a push channel (LND's
  // subscription, CLN's waitanyinvoice, Phoenixd's websocket, NWC
  // notifications) override it so that a waiter costs no calls to the node.
  virtual boost::asio::awaitable<std::optional<InvoiceStatus>> async_wait_invoice(
      Hash32 payment_hash, std::chrono::milliseconds timeout);

  // Optional capabilities: null when this backend has none. Owned by the
  // backend and valid as long as it is.
  virtual DevPayments* dev_payments() { return nullptr; }
};

}  // namespace l402d::lightning
