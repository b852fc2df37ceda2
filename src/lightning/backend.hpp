#pragma once

// The seller's Lightning node, as the gateway needs it: make an invoice, look
// one up, wait for it to be paid. One interface for every backend (the builtin
// development node is the only one today; see docs/lightning.md for how LND,
// Core Lightning, LNbits, Phoenixd and NWC would map onto it). Backends are
// built by make_backend (backend_factory.hpp). Implementations are
// thread-safe and synchronous; the HTTP layer calls them from a worker pool.

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

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
};

enum class BackendErrorCode {
  unavailable,  // cannot reach the node, or it (or our own store) failed
  rejected,     // the node refused the request (bad amount, description too long, ...)
  timeout,      // the node did not answer in time
};
std::string_view to_string(BackendErrorCode c);

// A backend failure. The message is for logs and must never carry a secret
// (macaroon, rune, API key, preimage): backends build it from status codes and
// the node's error text only.
class BackendError : public std::runtime_error {
 public:
  BackendError(BackendErrorCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
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
  // Throws BackendError.
  virtual CreatedInvoice create_invoice(const CreateInvoiceRequest& request) = 0;
  // Whether create_invoice may wait on I/O (network, disk). Callers on an event
  // loop run it on a blocking pool when true, inline when false.
  virtual bool create_invoice_blocks() const { return true; }
  // nullopt for an invoice this node does not know. Throws BackendError.
  virtual std::optional<InvoiceStatus> lookup_invoice(const Hash32& payment_hash) = 0;

  // Blocks until the invoice is settled (true), or until `timeout` passes or it
  // can no longer be settled: expired or cancelled (false). The default polls
  // lookup_invoice; backends with a push channel (LND's subscription, CLN's
  // waitinvoice, NWC notifications) override it. Throws BackendError.
  virtual bool wait_for_settlement(const Hash32& payment_hash, std::chrono::milliseconds timeout);

  // Optional capabilities: null when this backend has none. Owned by the
  // backend and valid as long as it is.
  virtual DevPayments* dev_payments() { return nullptr; }
};

}  // namespace l402d::lightning
