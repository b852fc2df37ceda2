#pragma once

// Core Lightning's JSON, as clnrest passes it through (doc/schemas/*.json of
// ElementsProject/lightning): named params in, the RPC's result object out,
// hashes and preimages in hex, millisatoshi amounts as integers (or, from
// nodes before v23, strings ending in "msat"). Pure functions, tested against
// the schemas' examples without a node.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "lightning/backend.hpp"

namespace l402d::lightning::cln {

// `invoice` params: amount_msat (no rounding), the caller's unique label,
// description, expiry (always sent: CLN's default is a week).
std::string invoice_params(const CreateInvoiceRequest& request, const std::string& label);
// Its result. Throws BackendError(unavailable) without a bolt11 or a 32-byte
// payment_hash.
CreatedInvoice parse_created(const std::string& body);

// `listinvoices` params for one invoice, and its result: nullopt when the
// node lists none (an unknown or deleted invoice).
std::string listinvoices_params(const Hash32& payment_hash);
std::optional<InvoiceStatus> parse_listed(const std::string& body, std::int64_t now);

// One invoice as listinvoices and waitanyinvoice write it. "unpaid" past
// expires_at is expired (CLN says so itself, but only once it has noticed); a
// preimage is reported only for "paid" and only when it hashes to
// payment_hash.
InvoiceStatus parse_invoice(const boost::json::object& invoice, std::int64_t now);
std::optional<Hash32> invoice_hash(const boost::json::object& invoice);
std::optional<std::uint64_t> pay_index(const boost::json::object& invoice);

// `waitanyinvoice` params: the next invoice paid after `lastpay_index`,
// waiting at most `timeout_seconds` (0: answer at once).
std::string waitanyinvoice_params(std::uint64_t lastpay_index, std::uint64_t timeout_seconds);
// waitanyinvoice's "the timeout passed with nothing paid".
inline constexpr std::int64_t kWaitTimedOut = 904;

// `getinfo`. network "bitcoin" is mainnet. Throws BackendError(unavailable)
// without an id.
NodeInfo parse_getinfo(const std::string& body);

// A failed RPC as clnrest answers it: {"code": int|null, "message", "data"}.
struct RpcError {
  std::optional<std::int64_t> code;
  std::string message;  // the body's start when it is not such an object
};
RpcError parse_error(const std::string& body);

// An msat field: an integer, or a string such as "1000msat" (old nodes).
std::optional<std::uint64_t> msat_at(const boost::json::object& o, std::string_view key);

}  // namespace l402d::lightning::cln
