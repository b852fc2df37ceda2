#pragma once

// Buyers waiting for their invoices to be paid, woken by whoever learns of a
// settlement first: a node's stream (LND's subscription, CLN's
// waitanyinvoice, Phoenixd's websocket, NWC notifications) or the builtin
// node's settle. A waiter costs a timer and a map entry, never a thread and
// never a call to the node, so many buyers can watch their invoices at once.
// Enrol, look the invoice up, then wait (util/keyed_waiters.hpp).

#include "lightning/backend.hpp"
#include "util/keyed_waiters.hpp"

namespace l402d::lightning {

using InvoiceWaiters = KeyedWaiters<Hash32, InvoiceStatus>;

}  // namespace l402d::lightning
