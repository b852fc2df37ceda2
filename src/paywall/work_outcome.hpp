#pragma once

// What paid work reports back to the paywall: a result to keep (and give again
// to replays), or a failure that leaves the token redeemable. Typed, so that
// nobody has to read a status code or re-parse a JSON body to learn which.

#include <string>
#include <variant>

namespace l402d::paywall {

struct WorkResult {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

struct WorkFailure {
  std::string code;        // stable snake_case, e.g. "engine_unavailable"
  std::string message;     // for the buyer; never a secret
  bool retryable = false;  // the same request may succeed later (a transient outage)
};

using WorkOutcome = std::variant<WorkResult, WorkFailure>;

}  // namespace l402d::paywall
