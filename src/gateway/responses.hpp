#pragma once

// The paywall's answers in HTTP: the 402 challenge, a paid result (first time
// or replayed), and the errors of the money path. Every error is the usual
// {"error": {"code", "message"}} body.

#include <string_view>

#include "http/message.hpp"
#include "paywall/challenger.hpp"
#include "paywall/rail_offers.hpp"
#include "paywall/refusal.hpp"
#include "paywall/work_outcome.hpp"

namespace l402d::gateway {

// 402 offering the challenge on every enabled rail: WWW-Authenticate with the
// L402 line first (clients that read only the first header, or test whether
// the joined value starts with "L402", find it), then the Payment line;
// PAYMENT-REQUIRED; no-store. The body repeats the challenge for clients that
// read bodies: our usual {"error": …} JSON, or, answering a Payment
// credential, RFC 9457 problem+json with the same members added. A refused
// x402 credential also gets PAYMENT-RESPONSE with success: false.
http::Response challenge_response(const http::Request& request, const paywall::Challenge& challenge,
                                  const paywall::ChallengeText& text, const paywall::Refusal& why);

// A result as the work produced it, or (replayed = true) as stored.
http::Response result_response(const http::Request& request, const paywall::WorkResult& result,
                               bool replayed);

// Work that failed: 503 + Retry-After when it may succeed later, else 502.
// For paid work the message tells the buyer the payment is kept; free work
// (`paid` false) had nothing to keep.
http::Response failure_response(const http::Request& request, const paywall::WorkFailure& failure,
                                bool paid = true);

// The same failure as an event's data: {"error": {"code", "message"}}.
std::string failure_json(const paywall::WorkFailure& failure);

// The work threw: a bug, not the buyer's fault; the token stays redeemable.
http::Response internal_failure_response(const http::Request& request);

http::Response result_expired_response(const http::Request& request);
http::Response token_busy_response(const http::Request& request);

// Something we depend on (the store, the Lightning node) is down: 503 with
// Retry-After, nothing charged.
http::Response unavailable_response(const http::Request& request, std::string_view code,
                                    std::string_view message);

}  // namespace l402d::gateway
