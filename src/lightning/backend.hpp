#pragma once

// The seller's Lightning node, as the gateway needs it: make an invoice, and
// look one up. One interface for every backend (the builtin development node
// now; LND, Core Lightning, LNbits, Phoenixd and NWC later: see
// docs/lightning.md for how each maps onto it). Implementations are
// thread-safe and synchronous; the HTTP layer calls them from a worker pool.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "util/bytes.hpp"

namespace l402d::lightning {

struct CreateInvoiceRequest {
  std::uint64_t amount_msat = 0;
  std::string description;  // the memo the payer's wallet shows
  std::uint32_t expiry_seconds = 3600;
};

struct CreatedInvoice {
  std::string bolt11;
  Hash32 payment_hash{};
  std::int64_t expires_at = 0;  // unix seconds
};

enum class InvoiceState { open, settled, expired, cancelled };

struct InvoiceStatus {
  InvoiceState state = InvoiceState::open;
  std::uint64_t amount_msat = 0;
  std::optional<std::int64_t> settled_at;
};

// A backend failure. `code` is stable: unavailable (cannot reach the node),
// rejected (the node refused the request), timeout.
class BackendError : public std::runtime_error {
 public:
  BackendError(std::string code, const std::string& message)
      : std::runtime_error(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;
  // True when payments are simulated (the builtin development node).
  virtual bool simulates_payments() const = 0;
  virtual CreatedInvoice create_invoice(const CreateInvoiceRequest& request) = 0;
  // nullopt for an invoice this node does not know.
  virtual std::optional<InvoiceStatus> lookup_invoice(const Hash32& payment_hash) = 0;
};

}  // namespace l402d::lightning
