#pragma once

// The network a BOLT11 invoice is for, read from its prefix alone: for
// nodes whose API does not say which network they are on (LNbits), the
// invoices they make do.

#include <optional>
#include <string_view>

#include "bolt11/invoice.hpp"

namespace l402d::lightning {

// "lnbc…" mainnet, "lntb…" testnet, "lntbs…" signet, "lnbcrt…" regtest, in
// either case; nullopt for anything else. Checks nothing beyond the prefix.
std::optional<bolt11::Network> invoice_network(std::string_view bolt11);

}  // namespace l402d::lightning
