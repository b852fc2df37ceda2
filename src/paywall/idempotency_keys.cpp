#include "paywall/idempotency_keys.hpp"

namespace l402d::paywall {

std::optional<std::string> parse_idempotency_key(std::string_view v) {
  while (!v.empty() && v.front() == ' ')
    v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ')
    v.remove_suffix(1);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (v.size() < 16 || v.size() > 255) return std::nullopt;
  for (const char c : v)
    if (c < 0x21 || c > 0x7E) return std::nullopt;
  return std::string(v);
}

std::optional<KeyedChallenge> MemoryIdempotencyKeys::find(const std::string& key,
                                                          std::int64_t now) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.challenge.expires_at <= now) {
    entries_.erase(it);  // its slot in order_ goes when it reaches the front
    return std::nullopt;
  }
  return it->second;
}

void MemoryIdempotencyKeys::remember(const std::string& key, KeyedChallenge entry,
                                     std::int64_t /*now*/) {
  std::lock_guard lock(mutex_);
  if (!entries_.emplace(key, std::move(entry)).second) return;
  order_.push_back(key);
  while (entries_.size() > max_keys_ || order_.size() > 2 * max_keys_)
    forget_oldest_locked();
}

void MemoryIdempotencyKeys::forget_oldest_locked() {
  if (order_.empty()) return;
  entries_.erase(order_.front());
  order_.pop_front();
}

std::size_t MemoryIdempotencyKeys::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace l402d::paywall
