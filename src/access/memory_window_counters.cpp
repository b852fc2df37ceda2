#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "access/window_counters.hpp"

namespace l402d::access {

namespace {

std::int64_t window_start(std::int64_t now, std::int64_t window) {
  return now - ((now % window) + window) % window;
}

}  // namespace

struct MemoryWindowCounters::State {
  struct Count {
    std::int64_t window_start = 0;
    std::int64_t window = 0;
    std::uint32_t used = 0;
  };

  // Sweeping is linear, so a full table sheds an eighth of its keys at once
  // when no window has ended: a flood of new keys costs amortised constant
  // time per key, not a sweep each.
  void make_room(std::int64_t now) {
    if (counts.size() < max_keys) return;
    std::erase_if(counts,
                  [&](const auto& kv) { return kv.second.window_start + kv.second.window <= now; });
    if (counts.size() < max_keys) return;
    for (auto n = std::max<std::size_t>(max_keys / 8, 1); n > 0 && !counts.empty(); --n)
      counts.erase(counts.begin());
  }

  std::size_t max_keys;
  mutable std::mutex mutex;
  std::unordered_map<std::string, Count> counts;
};

MemoryWindowCounters::MemoryWindowCounters(std::size_t max_keys)
    : state_(std::make_unique<State>()) {
  state_->max_keys = std::max<std::size_t>(max_keys, 1);
}

MemoryWindowCounters::~MemoryWindowCounters() = default;

Take MemoryWindowCounters::take(const std::string& key, std::uint32_t limit,
                                std::int64_t window_seconds, std::int64_t now) {
  const auto window = std::max<std::int64_t>(window_seconds, 1);
  const auto start = window_start(now, window);
  std::lock_guard lock(state_->mutex);
  auto it = state_->counts.find(key);
  if (it == state_->counts.end()) {
    state_->make_room(now);
    it = state_->counts.emplace(key, State::Count{}).first;
  }
  auto& c = it->second;
  if (c.window_start != start || c.window != window) c = State::Count{start, window, 0};
  if (c.used >= limit) return {false, 0, start + window - now};
  ++c.used;
  return {true, limit - c.used, 0};
}

void MemoryWindowCounters::give_back(const std::string& key, std::int64_t window_seconds,
                                     std::int64_t now) {
  const auto window = std::max<std::int64_t>(window_seconds, 1);
  std::lock_guard lock(state_->mutex);
  auto it = state_->counts.find(key);
  if (it == state_->counts.end()) return;
  auto& c = it->second;
  if (c.window_start == window_start(now, window) && c.window == window && c.used > 0) --c.used;
}

std::size_t MemoryWindowCounters::size() const {
  std::lock_guard lock(state_->mutex);
  return state_->counts.size();
}

}  // namespace l402d::access
