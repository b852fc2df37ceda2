#pragma once

// LND REST's JSON, as its grpc-gateway writes it (lnd v0.21): proto field
// names, 64-bit integers as strings (numbers accepted too), bytes as standard
// base64, enums as names. Pure functions, so that each mapping is tested
// against the shapes in LND's swagger files without a node.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "lightning/backend.hpp"

namespace l402d::lightning::lnd {

// POST /v1/invoices. value_msat, so that no amount is rounded.
std::string add_invoice_body(const CreateInvoiceRequest& request);
// Its answer; `now` and the request's expiry give expires_at (AddInvoice does
// not return the creation date). Throws BackendError(unavailable) for an
// answer without a payment request or a 32-byte r_hash.
CreatedInvoice parse_add_invoice(const std::string& body, std::int64_t now,
                                 std::uint32_t expiry_seconds);

// An lnrpc.Invoice. OPEN past creation_date + expiry is `expired`, and so is
// CANCELED past it (LND cancels invoices when they expire); a preimage is
// reported only for SETTLED and only when it hashes to r_hash.
InvoiceStatus parse_invoice(const boost::json::object& invoice, std::int64_t now);
std::optional<Hash32> invoice_hash(const boost::json::object& invoice);

// GET /v1/getinfo. The network is that of the first chain LND lists.
NodeInfo parse_getinfo(const std::string& body);

// The node's own words from an rpcStatus body ({"code", "message"}), or the
// body's start when it is not one. Safe to log: LND never echoes credentials.
std::string error_text(const std::string& body);

// Base64url without padding concerns, for hashes in URL paths and queries.
std::string base64url(const Hash32& hash);

}  // namespace l402d::lightning::lnd
