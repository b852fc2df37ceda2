#pragma once

// What every API's pay call does before the ledger: read the BOLT11 string
// (the project's decoder, which verifies the signature) and build the
// ledger's request. Each API words the failures its own way.

#include <optional>
#include <string>
#include <string_view>

#include "bolt11/codec.hpp"
#include "lnsim/ledger.hpp"

namespace l402d::lnsim {

struct ReadInvoice {
  bolt11::Invoice invoice;
  std::string text;  // lower case, without a "lightning:" prefix
};

Expected<ReadInvoice, bolt11::DecodeError> read_invoice(std::string_view text);

// The invoice's own expiry (timestamp + x) has passed: payers refuse it before
// sending anything.
bool invoice_expired(const bolt11::Invoice& invoice, std::int64_t now_ms);
std::int64_t invoice_expires_at(const bolt11::Invoice& invoice);  // unix seconds

PayRequest pay_request(std::optional<NodeKind> payer, const ReadInvoice& read,
                       std::uint64_t amount_msat, std::optional<std::uint64_t> fee_limit_msat,
                       bool allow_self_payment);

}  // namespace l402d::lnsim
