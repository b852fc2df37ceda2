#pragma once

// lnrpc messages as lnd's REST proxy writes them: every field in .proto
// order, zero values included, 64-bit integers as strings, bytes as base64
// (but Payment's hash and preimage are hex strings, as the proto declares).

#include <boost/json/object.hpp>
#include <cstdint>

#include "lnsim/chain.hpp"
#include "lnsim/records.hpp"

namespace l402d::lnsim {

// lnrpc.Invoice. An open invoice past its expiry is CANCELED, as lnd's
// expiry watcher leaves it.
boost::json::object lnd_invoice_json(const InvoiceRecord& invoice, std::int64_t now_ms,
                                     const Chain& chain);

// lnrpc.Payment as SendPaymentV2 and TrackPaymentV2 stream it. `in_flight`
// renders the first update, before the outcome is known.
boost::json::object lnd_payment_json(const PaymentRecord& payment, bool in_flight,
                                     const Chain& chain);

std::string_view lnd_failure_reason(PaymentFailure failure);

}  // namespace l402d::lnsim
