#pragma once

// When and how long to wait before trying an exchange again.

#include <chrono>
#include <functional>

#include "net/http_types.hpp"

namespace l402d::net {

struct RetryPolicy {
  int max_attempts = 3;
  std::chrono::milliseconds base_delay{500};
  std::chrono::milliseconds max_delay{8'000};
};

using SleepFn = std::function<void(std::chrono::milliseconds)>;

bool is_retryable_status(long status);

// Runs `attempt` until it returns a response that is not 429/5xx or attempts
// run out, with exponential backoff and jitter, honouring a Retry-After of
// seconds (capped by max_delay). Returns the last response (possibly a
// 429/5xx); rethrows the last transport error if no attempt got a response.
// too_large and tls errors are rethrown at once: the same request would fail
// the same way. An empty `sleep` sleeps the calling thread.
HttpResponse retry(const std::function<HttpResponse()>& attempt, const RetryPolicy& policy,
                   const SleepFn& sleep = {});

}  // namespace l402d::net
