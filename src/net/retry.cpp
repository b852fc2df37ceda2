#include "net/retry.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <random>
#include <thread>

namespace l402d::net {

namespace {

std::optional<std::chrono::milliseconds> retry_after(const HttpResponse& response) {
  auto text = response.header("retry-after");
  long long seconds = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return std::chrono::milliseconds(seconds * 1000);
}

bool is_final(const HttpError& e) {
  return e.kind() == HttpError::Kind::too_large || e.kind() == HttpError::Kind::tls;
}

// Full jitter keeps many workers from retrying in lockstep.
std::chrono::milliseconds jittered(std::chrono::milliseconds delay) {
  thread_local std::minstd_rand jitter(std::random_device{}());
  if (delay.count() <= 0) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(
      std::uniform_int_distribution<long long>(delay.count() / 2, delay.count())(jitter));
}

}  // namespace

bool is_retryable_status(long status) {
  return status == 429 || (status >= 500 && status <= 599);
}

HttpResponse retry(const std::function<HttpResponse()>& attempt, const RetryPolicy& policy,
                   const SleepFn& sleep) {
  int attempts = std::max(1, policy.max_attempts);
  for (int n = 1;; ++n) {
    std::chrono::milliseconds delay = std::min<std::chrono::milliseconds>(
        policy.max_delay, policy.base_delay * (1LL << std::min(n - 1, 20)));
    try {
      auto response = attempt();
      if (!is_retryable_status(response.status) || n >= attempts) return response;
      if (auto asked = retry_after(response)) delay = std::min(policy.max_delay, *asked);
    } catch (const HttpError& e) {
      if (n >= attempts || is_final(e)) throw;
    }
    auto pause = jittered(delay);
    if (sleep) {
      sleep(pause);
    } else {
      std::this_thread::sleep_for(pause);
    }
  }
}

}  // namespace l402d::net
