#pragma once

// The life of an invoice, shared by the store (which records it) and every
// Lightning backend (which reports it). It lives here, below lightning, so
// that both use one enum and nothing maps between copies.
//
// LND reports expired invoices as CANCELED and CLN has no cancelled state;
// backends map onto these four, and report `expired` for an open invoice past
// its expiry whatever the node says.

#include <string_view>

namespace l402d::store {

enum class InvoiceState { open, settled, expired, cancelled };
std::string_view to_string(InvoiceState s);  // in state_names.cpp

}  // namespace l402d::store
