#include "mcp/sessions.hpp"

#include <algorithm>

#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::mcp {

std::string Sessions::open(Session session) {
  const auto bytes = random_array<16>();
  auto id = to_hex(ByteView(bytes));
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  drop_idle(now);
  if (sessions_.size() >= capacity_) drop_oldest();
  sessions_[id] = Entry{std::move(session), now};
  return id;
}

std::optional<Session> Sessions::find(const std::string& id) {
  const auto now = Clock::now();
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.used > idle_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.used = now;
  return it->second.session;
}

bool Sessions::end(const std::string& id) {
  std::lock_guard lock(mutex_);
  return sessions_.erase(id) > 0;
}

std::size_t Sessions::size() const {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

void Sessions::drop_idle(Clock::time_point now) {
  std::erase_if(sessions_, [&](const auto& kv) { return now - kv.second.used > idle_; });
}

void Sessions::drop_oldest() {
  auto oldest =
      std::min_element(sessions_.begin(), sessions_.end(),
                       [](const auto& a, const auto& b) { return a.second.used < b.second.used; });
  if (oldest != sessions_.end()) sessions_.erase(oldest);
}

}  // namespace l402d::mcp
