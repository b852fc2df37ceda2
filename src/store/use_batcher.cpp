#include "store/use_batcher.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace l402d::store {

std::optional<std::uint32_t> UseBatcher::take(const Hash32& token_id, std::uint32_t limit,
                                              std::int64_t now) {
  Pending mine{token_id, limit, now, std::nullopt, nullptr, false};
  std::unique_lock lock(mutex_);
  queue_.push_back(&mine);
  finished_.wait(lock, [&] { return mine.done || !leading_; });
  if (!mine.done) {
    leading_ = true;
    const auto batch = std::exchange(queue_, {});
    ++batches_;
    lock.unlock();
    send(batch);
    lock.lock();
    for (Pending* p : batch)
      p->done = true;
    leading_ = false;
    finished_.notify_all();
  }
  if (mine.error) std::rethrow_exception(mine.error);
  return mine.total;
}

std::uint64_t UseBatcher::batches_sent() const {
  std::lock_guard lock(mutex_);
  return batches_;
}

// Takers of one token become one wanted row whose count is their number (and
// whose limit the strictest of theirs); a granted total is handed out to them
// in queue order.
void UseBatcher::send(const std::vector<Pending*>& batch) noexcept {
  try {
    std::map<Hash32, std::vector<Pending*>> groups;
    for (Pending* p : batch)
      groups[p->token_id].push_back(p);
    std::vector<UsesWanted> wanted;
    for (const auto& [token_id, takers] : groups) {
      UsesWanted w{token_id, static_cast<std::uint32_t>(takers.size()), takers.front()->limit, 0};
      for (const Pending* p : takers) {
        w.limit = std::min(w.limit, p->limit);
        w.now = std::max(w.now, p->now);
      }
      wanted.push_back(w);
    }
    for (const auto& granted : send_(wanted)) {
      const auto it = groups.find(granted.token_id);
      if (it == groups.end()) continue;
      auto total = granted.total - static_cast<std::uint32_t>(it->second.size());
      for (Pending* p : it->second)
        p->total = ++total;
    }
  } catch (...) {
    for (Pending* p : batch)
      p->error = std::current_exception();
  }
}

}  // namespace l402d::store
