#include "gateway/result_cache.hpp"

namespace l402d::gateway {

std::size_t ResultCache::cost(const CachedResult& r) {
  // The bookkeeping around each entry is about this much; counting it keeps a
  // flood of tiny results from growing the cache past its budget.
  constexpr std::size_t kOverhead = 160;
  return r.body.size() + r.content_type.size() + r.request_target.size() + r.request_body.size() +
         kOverhead;
}

std::shared_ptr<const CachedResult> ResultCache::get(const Hash32& token_id) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(token_id);
  if (it == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->result;
}

void ResultCache::put(const Hash32& token_id, std::shared_ptr<const CachedResult> result) {
  if (!result) return;
  const std::size_t c = cost(*result);
  if (c > max_bytes_ / 4) return;
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(token_id); it != index_.end()) erase_locked(it->second);
  lru_.push_front(Entry{token_id, std::move(result)});
  index_.emplace(token_id, lru_.begin());
  bytes_ += c;
  while (bytes_ > max_bytes_ && !lru_.empty())
    erase_locked(std::prev(lru_.end()));
}

void ResultCache::erase(const Hash32& token_id) {
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(token_id); it != index_.end()) erase_locked(it->second);
}

void ResultCache::erase_locked(std::list<Entry>::iterator it) {
  bytes_ -= cost(*it->result);
  index_.erase(it->token_id);
  lru_.erase(it);
}

std::size_t ResultCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

std::size_t ResultCache::size() const {
  std::lock_guard lock(mutex_);
  return index_.size();
}

}  // namespace l402d::gateway
