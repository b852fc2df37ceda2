#include "gateway/unrecorded_outcomes.hpp"

#include <algorithm>

namespace l402d::gateway {

void UnrecordedOutcomes::hold(UnrecordedOutcome held) {
  std::lock_guard lock(mutex_);
  const auto id = held.token.token_id;
  if (held_.insert_or_assign(id, std::move(held)).second) order_.push_back(id);
  while (held_.size() > limit_ && !order_.empty()) {
    held_.erase(order_.front());
    order_.pop_front();
  }
  count_.store(held_.size(), std::memory_order_release);
  // Taken tokens leave their names behind; drop them before they pile up.
  if (order_.size() > 2 * limit_) {
    std::erase_if(order_, [this](const Hash32& h) { return held_.count(h) == 0; });
  }
}

std::optional<UnrecordedOutcome> UnrecordedOutcomes::take(const Hash32& token_id) {
  if (count_.load(std::memory_order_acquire) == 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto it = held_.find(token_id);
  if (it == held_.end()) return std::nullopt;
  auto held = std::move(it->second);
  held_.erase(it);
  count_.store(held_.size(), std::memory_order_release);
  return held;
}

std::size_t UnrecordedOutcomes::size() const {
  return count_.load(std::memory_order_acquire);
}

}  // namespace l402d::gateway
