#pragma once

// LNbits' JSON (lnbits/core/views/payment_api.py, wallet_api.py and the
// Payment model, v0.12 to v1.5): hashes and preimages in hex, amounts in the
// request's unit (sats) but millisatoshis in a Payment, times as ISO 8601
// strings (unix seconds before v1). Pure functions, tested against the
// shapes of each version without a server.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lightning/backend.hpp"

namespace l402d::lightning::lnbits {

// POST /api/v1/payments for an incoming invoice ("out": false: the default
// is to pay).
std::string create_body(std::uint64_t amount_sats, const std::string& memo,
                        std::uint32_t expiry_seconds);
// Its answer: the bolt11 in "bolt11" (v1) or "payment_request" (v0.12,
// v1.3.1 on). `now` and the expiry give expires_at. Throws
// BackendError(unavailable) without an invoice or a 32-byte payment_hash.
CreatedInvoice parse_created(const std::string& body, std::int64_t now,
                             std::uint32_t expiry_seconds);

// GET /api/v1/payments/{hash}: {"paid", "preimage", "status", "details"}.
// Paid is settled, with the preimage only when it hashes to `payment_hash`;
// "failed" is expired past the expiry in details, else cancelled; anything
// else is open, or expired past that expiry.
InvoiceStatus parse_payment(const std::string& body, const Hash32& payment_hash, std::int64_t now);

// GET /api/v1/wallet: {"name", "balance"}. The wallet's name is the alias;
// LNbits says nothing of the node or its network.
NodeInfo parse_wallet(const std::string& body);

// The hash of the incoming payment a wallet websocket message reports
// ({"wallet_balance" or "balance", "payment": {...}}); nullopt for outgoing
// payments and anything else.
std::optional<Hash32> notified_payment(std::string_view message);

// FastAPI's {"detail": "..."} (or a validation error's list of {"msg"}), or
// the body's start.
std::string error_text(const std::string& body);

// "2025-06-01T12:00:00.123456+00:00" (no zone: UTC) as unix seconds.
std::optional<std::int64_t> unix_time(std::string_view iso);

// What LNbits counts a memo's length in (Python characters).
std::size_t code_points(std::string_view utf8);

}  // namespace l402d::lightning::lnbits
