#pragma once

// What sits behind the paywall: work that reports a typed outcome. The gate
// turns it into the buyer's answer and records it with the token.

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <stdexcept>
#include <variant>

#include "http/message.hpp"
#include "paywall/work_outcome.hpp"

namespace l402d::gateway {

// A result or a failure the gate records and answers with, or a response
// passed to the buyer as it is (a proxied upstream's, streamed as it
// arrives). A passed response is never stored: only services whose policy
// keeps no result (reusable tokens) return one.
using PaidOutcome = std::variant<paywall::WorkResult, paywall::WorkFailure, http::Response>;

using PaidHandler = std::function<boost::asio::awaitable<PaidOutcome>(http::Exchange&)>;

// Thrown by a passed response's body producer when the work's side broke off
// (the upstream closed mid-body or went quiet): the gate then gives the use
// back, as for a failure before the head. A buyer who stops reading gets
// nothing back.
class WorkCutOff : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The outcome the paywall records for what the work reported: a result or a
// failure is moved out of `outcome`; a passed response stays in it and is
// recorded by its head.
paywall::WorkOutcome recorded_outcome(PaidOutcome& outcome);

// The failure recorded for work that threw. A full disk (or quota) is the
// seller's passing trouble: retryable, so the buyer hears 503 with
// Retry-After and repeats with the same credential once there is room.
// Anything else is an internal error.
paywall::WorkFailure thrown_failure(const std::exception& e);

}  // namespace l402d::gateway
