#pragma once

// What the shared ledger holds: invoices (made by one node, payable from any)
// and the payments nodes and outside wallets make. Each API renders these in
// its own vocabulary; the records keep every index and time any of them needs.

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "lnsim/node_kind.hpp"
#include "util/bytes.hpp"

namespace l402d::lnsim {

// Stored states. "Expired" is not stored: an open invoice is expired once the
// clock passes expires_at (lnd shows that as CANCELED, CLN as "expired").
enum class InvoiceState : std::uint8_t { open, settled };

enum class InvoiceStatus : std::uint8_t { open, settled, expired };

struct InvoiceRecord {
  NodeKind node = NodeKind::lnd;
  Hash32 payment_hash{};
  Hash32 preimage{};
  Hash32 payment_secret{};
  std::string bolt11;
  std::optional<std::uint64_t> amount_msat;  // nullopt: any amount
  std::string description;                   // the memo, kept even when the invoice holds its hash
  std::optional<Hash32> description_hash;
  std::int64_t created_at_ms = 0;  // unix milliseconds
  std::uint64_t expiry_seconds = 0;
  std::int64_t expires_at_ms = 0;  // created + expiry, or earlier after /control/expire
  std::uint64_t cltv_expiry = 0;
  std::uint64_t add_index = 0;  // per node, from 1: lnd add_index, CLN created_index
  std::string label;            // CLN
  std::string external_id;      // phoenixd

  InvoiceState state = InvoiceState::open;
  std::int64_t settled_at_ms = 0;
  std::uint64_t settle_index = 0;  // per node, from 1: lnd settle_index, CLN pay_index
  std::uint64_t amount_paid_msat = 0;
  bool expiry_announced = false;  // the sweeper told subscribers it expired

  std::int64_t created_at() const { return created_at_ms / 1000; }
  std::int64_t expires_at() const { return expires_at_ms / 1000; }
  std::int64_t settled_at() const { return settled_at_ms / 1000; }
  InvoiceStatus status(std::int64_t now_ms) const {
    if (state == InvoiceState::settled) return InvoiceStatus::settled;
    return now_ms >= expires_at_ms ? InvoiceStatus::expired : InvoiceStatus::open;
  }
};

enum class PaymentStatus : std::uint8_t { in_flight, succeeded, failed };

// Why a payment failed, in network terms; each API words it its own way.
enum class PaymentFailure : std::uint8_t {
  none,
  no_route,              // nobody in the ledger made the invoice: its node is unknown
  fee_limit,             // the route costs more than the payer allowed
  insufficient_balance,  // the payer cannot afford amount + fee
  rejected,              // the payee refused: paid already (by someone else) or expired
  self_payment,          // paying one's own invoice where the API forbids it
};

struct PaymentRecord {
  std::uint64_t id = 0;           // ledger-wide, from 1
  std::optional<NodeKind> payer;  // nullopt: an outside wallet (/control/pay)
  std::optional<NodeKind> payee;  // nullopt: nobody in the ledger made the invoice
  std::uint64_t index = 0;        // per payer, from 1: lnd payment_index, CLN created_index
  Hash32 payment_hash{};
  Hash32 payment_addr{};                       // the invoice's payment secret
  std::array<std::uint8_t, 33> destination{};  // the invoice's payee
  std::string bolt11;
  std::string uuid;  // phoenixd paymentId
  std::uint64_t amount_msat = 0;
  std::uint64_t fee_msat = 0;
  PaymentStatus status = PaymentStatus::in_flight;
  PaymentFailure failure = PaymentFailure::none;
  Hash32 preimage{};  // zero unless succeeded
  std::int64_t created_at_ns = 0;
  std::int64_t completed_at_ns = 0;
};

std::string_view to_string(InvoiceStatus status);
std::string_view to_string(PaymentStatus status);
std::string_view to_string(PaymentFailure failure);

}  // namespace l402d::lnsim
