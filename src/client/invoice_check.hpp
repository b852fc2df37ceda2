#pragma once

// Everything checked about a challenge before a single sat moves: the invoice
// decodes and its signature verifies, it is for the expected network, has an
// amount, has not expired, and pays for exactly the macaroon it came with (the
// invoice's payment hash is the one in the macaroon's identifier: otherwise
// the preimage we buy would not unlock the token). MPP and x402 offers carry
// no macaroon the client can rely on, so they get check_invoice and their own
// checks against the invoice (fetcher.cpp).

#include <cstdint>
#include <optional>
#include <string>

#include "bolt11/invoice.hpp"
#include "l402/headers.hpp"
#include "l402/identifier.hpp"
#include "util/expected.hpp"

namespace l402d::client {

struct InvoicePolicy {
  std::optional<bolt11::Network> network;  // nullopt: any network
  // Refuse invoices that expire this soon: the payment may not make it in time.
  std::int64_t min_remaining_seconds = 5;
};

struct CheckedInvoice {
  bolt11::Invoice invoice;
  std::uint64_t amount_msat = 0;
  std::uint64_t amount_sats = 0;  // rounded up: what the limits compare against
};

struct CheckedChallenge {
  l402::Challenge challenge;
  bolt11::Invoice invoice;
  l402::Identifier identifier;
  std::uint64_t amount_msat = 0;
  std::uint64_t amount_sats = 0;  // rounded up: what the limits compare against
};

enum class CheckError {
  invalid_invoice,   // does not decode, or its signature does not verify
  wrong_network,     // not the network we pay on
  no_amount,         // "any amount" invoices: the server must name its price
  expired,           // expired, or about to
  invalid_macaroon,  // the macaroon or its identifier does not parse
  hash_mismatch,     // the invoice does not pay for this macaroon (or the offer's payment hash)
  invalid_offer,     // an MPP request or x402 offer that does not parse
  offer_mismatch,    // an MPP or x402 offer states another amount or network than its invoice
};

struct CheckFailure {
  CheckError code;
  std::string message;
};

// The checks that do not involve a macaroon.
Expected<CheckedInvoice, CheckFailure> check_invoice(const std::string& invoice_text,
                                                     const InvoicePolicy& policy, std::int64_t now);

Expected<CheckedChallenge, CheckFailure> check_challenge(const l402::Challenge& challenge,
                                                         const InvoicePolicy& policy,
                                                         std::int64_t now);

}  // namespace l402d::client
