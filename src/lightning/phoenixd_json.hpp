#pragma once

// What Phoenixd reads and writes (ACINQ/phoenixd Api.kt, JsonSerializers.kt,
// v0.8): form-encoded parameters in, JSON out (null fields omitted),
// hashes and preimages in hex, amounts in satoshis, times in milliseconds,
// errors as plain text; and its phoenix.conf, where the API passwords live.
// Pure functions, tested against the documented shapes without a node.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lightning/backend.hpp"

namespace l402d::lightning::phoenixd {

// POST /createinvoice: description, amountSat, expirySeconds (always: the
// default is an hour) and externalId "l402d" (so that
// /payments/incoming?externalId=l402d lists what l402d sold).
std::string create_form(std::uint64_t amount_sats, std::string_view description,
                        std::uint32_t expiry_seconds);
// Its answer {"amountSat", "paymentHash", "serialized"}. `now` and the expiry
// give expires_at. Throws BackendError(unavailable) without an invoice or a
// 32-byte paymentHash.
CreatedInvoice parse_created(const std::string& body, std::int64_t now,
                             std::uint32_t expiry_seconds);

// GET /payments/incoming/{hash}. isPaid is settled; the preimage is there
// even unpaid (Phoenixd made it), so it is reported only when paid and
// hashing to paymentHash. isExpired, or expiresAt passed, is expired.
InvoiceStatus parse_incoming(const std::string& body, std::int64_t now);

// GET /getinfo {"nodeId", "chain", "version", ...}. chain is "mainnet",
// "testnet3" (Chain.Testnet3's name, lower-cased), ... Throws
// BackendError(unavailable) without a nodeId.
NodeInfo parse_getinfo(const std::string& body);

// The hash of a websocket event {"type": "payment_received", "paymentHash",
// ...}; nullopt for other events.
std::optional<Hash32> received_payment(std::string_view message);

// The password in `text`: phoenix.conf's http-password-limited-access (which
// can make invoices but not pay), or the whole text trimmed when it is no
// conf file. Throws BackendError(unauthorized) for a phoenix.conf with only
// the full-access http-password: l402d never holds a password that can pay.
std::string api_password(const std::string& text);

// What Phoenixd (Kotlin) counts a description's length in: UTF-16 units.
std::size_t utf16_length(std::string_view utf8);

}  // namespace l402d::lightning::phoenixd
