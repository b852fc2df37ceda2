#pragma once

// Whether the database answers, as this instance last saw it. A connection
// that breaks or cannot be made marks it down; one that answers marks it up.
// Selling stops while it is down: a token sold then could not be redeemed
// until the database returns, so the buyer would pay for 503s. No call
// may reach the database meanwhile, so the seller's side asks again itself:
// check() probes, at most once a second, when something wants to sell.

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>

namespace l402d::store {

class StoreHealth {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr auto kProbeInterval = std::chrono::seconds(1);

  void failed() noexcept { up_.store(false, std::memory_order_relaxed); }
  void answered() noexcept { up_.store(true, std::memory_order_relaxed); }
  // Never blocks.
  bool up() const noexcept { return up_.load(std::memory_order_relaxed); }

  // The probe runs a statement through the store, whose connections call
  // failed() or answered(); set once, before the store is shared.
  void set_probe(std::function<void()> probe) { probe_ = std::move(probe); }
  // Blocks (it may probe): whether the database answers now.
  bool check();

 private:
  std::atomic<bool> up_{true};
  std::function<void()> probe_;
  std::mutex probing_;
  Clock::time_point last_probe_{};
};

}  // namespace l402d::store
