#pragma once

// Building PayResults the same way in every wallet: a preimage is only ever
// accepted after sha256(preimage) == payment hash, and an invoice for another
// network is refused before any request.

#include <optional>
#include <string>
#include <string_view>

#include "bolt11/invoice.hpp"
#include "client/wallet.hpp"
#include "net/http_types.hpp"

namespace l402d::client {

PayResult failed_payment(std::string message);
PayResult unknown_payment(std::string message);

// `succeeded` when `preimage_hex` is 32 bytes of hex hashing to the invoice's
// payment hash; otherwise `unknown` (the node says paid, but the proof is bad:
// no credential can be built, and paying again would be wrong too).
PayResult paid_with(std::string_view preimage_hex, const bolt11::Invoice& invoice,
                    std::optional<std::uint64_t> fee_msat, std::string_view wallet);

// A pay request that got no answer. Connection and TLS handshake failures
// happen before a single byte of the request leaves: `failed`, nothing was
// sent. Anything later (a timeout, a dropped connection) may hide a payment
// the node went on with: `unknown`, so the next run asks status().
PayResult pay_transport_error(const net::HttpError& e, std::string_view wallet);

// A `failed` result when the wallet knows its network and the invoice is for
// another one.
std::optional<PayResult> refuse_other_network(const Wallet& wallet, const bolt11::Invoice& invoice);

}  // namespace l402d::client
