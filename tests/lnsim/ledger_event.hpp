#pragma once

// One change in the ledger, as subscribers (streams, long polls, websockets)
// receive it: a snapshot taken when it happened, so that a slow reader never
// sees a later state under an earlier event.

#include <cstdint>
#include <memory>

#include "lnsim/node_kind.hpp"
#include "lnsim/records.hpp"

namespace l402d::lnsim {

enum class EventKind : std::uint8_t {
  invoice_added = 1,
  invoice_settled = 2,
  invoice_expired = 4,
  payment_done = 8,  // a payment by the node reached SUCCEEDED or FAILED
};

inline constexpr unsigned kInvoiceEvents = 1 | 2 | 4;

struct LedgerEvent {
  EventKind kind = EventKind::invoice_added;
  NodeKind node = NodeKind::lnd;  // whose event: the payee's for invoices, the payer's for payments
  std::shared_ptr<const InvoiceRecord> invoice;
  std::shared_ptr<const PaymentRecord> payment;
  std::uint64_t balance_msat = 0;  // the node's balance right after the event
};

}  // namespace l402d::lnsim
