#pragma once

// POST /l402/settlement: the preimage of a paid challenge, for buyers who
// paid from a wallet that does not show it (a phone scanning the QR code).
//
//   request  {"macaroon": "<base64 from the challenge>", "wait_seconds": 0..60 (default 30)}
//   200      {"state": "settled", "payment_hash", "preimage", "authorization": "L402 m:p"}
//   202      {"state": "open", "payment_hash"}: not paid within the wait; ask again
//   400      macaroon_malformed, identifier_invalid, bad_request
//   403      signature_invalid, token_unknown, token_revoked: not a token this server sold
//   404      invoice_unknown: the node does not know the invoice
//   410      invoice_expired, invoice_cancelled
//   503      server_busy (too many waiting), lightning_unavailable
//
// The paywall part (paywall/settlement.hpp) decides; this is only its HTTP face.

#include <atomic>
#include <cstddef>
#include <memory>

#include "http/handler.hpp"
#include "http/worker_pool.hpp"
#include "paywall/settlement.hpp"

namespace l402d::api {

struct SettlementLimits {
  std::chrono::seconds default_wait{30};
  std::chrono::seconds max_wait{60};
  std::size_t max_waiting = 10'000;  // buyers waiting at once, across the server
};

http::Handler settlement_handler(const paywall::Settlement& settlement,
                                 http::WorkerPool& store_calls, SettlementLimits limits = {});

}  // namespace l402d::api
