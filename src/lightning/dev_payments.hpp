#pragma once

// Paying an invoice without a wallet: an optional capability of a backend
// whose payments are simulated (the builtin development node). It is what
// `POST /dev/pay` and `l402d dev-pay` use; a backend on a real node has none,
// so those routes do not exist there.

#include <string_view>

#include "util/bytes.hpp"
#include "util/expected.hpp"

namespace l402d::lightning {

enum class SettleError {
  not_an_invoice,  // does not decode as BOLT11
  foreign,         // made by another node, or signed by our key but not derived here
  wrong_network,   // not regtest
  no_amount,       // zero-amount invoices are never issued here
  expired,
  cancelled,
};
std::string_view to_string(SettleError e);  // stable code, e.g. "invoice_expired"
std::string_view describe(SettleError e);   // a sentence for a person

class DevPayments {
 public:
  virtual ~DevPayments() = default;
  // Simulates paying `bolt11` and returns its preimage. Idempotent: paying an
  // invoice twice returns the same preimage. Store failures are thrown
  // (std::runtime_error), not returned.
  virtual Expected<Hash32, SettleError> settle(std::string_view bolt11) = 0;
  // Another process sharing the store settled this invoice (the store's
  // change feed said so): wakes whoever waits on it here at once, rather than
  // at their next look at the store.
  virtual void settled_elsewhere(const Hash32& payment_hash) = 0;
};

}  // namespace l402d::lightning
