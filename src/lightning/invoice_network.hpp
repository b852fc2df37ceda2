#pragma once

// The network a BOLT11 invoice is for, read from its prefix alone: for
// nodes whose API does not say which network they are on (LNbits, or LND
// behind an invoice macaroon, which may not call getinfo), the invoices they
// make do.

#include <optional>
#include <string_view>

#include "bolt11/invoice.hpp"

namespace l402d::lightning {

// "lnbc…" mainnet, "lntb…" testnet, "lntbs…" signet, "lnbcrt…" regtest, in
// either case; nullopt for anything else. Checks nothing beyond the prefix.
std::optional<bolt11::Network> invoice_network(std::string_view bolt11);

// Throws BackendError wrong_network when `bolt11` is not for `expected`
// (unavailable when it is for no known network), naming `node` and the fix;
// a no-op when `expected` is nullopt. Such an invoice is never handed out.
void require_invoice_network(std::string_view bolt11, std::optional<bolt11::Network> expected,
                             std::string_view node);

}  // namespace l402d::lightning
