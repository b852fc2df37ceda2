#pragma once

// How an engine says a job failed. The code is stable (it reaches the buyer in
// the JSON error and the metrics); the message is for a person and never holds
// a secret such as a provider API key. `retryable` tells the gate the buyer may
// simply try again with the same token (the token stays redeemable either way).

#include <stdexcept>
#include <string>

namespace l402d::engines {

class EngineError : public std::runtime_error {
 public:
  EngineError(std::string code, const std::string& message, bool retryable = true)
      : std::runtime_error(message), code_(std::move(code)), retryable_(retryable) {}
  const std::string& code() const { return code_; }
  bool retryable() const { return retryable_; }

 private:
  std::string code_;
  bool retryable_;
};

}  // namespace l402d::engines
