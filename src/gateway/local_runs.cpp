#include "gateway/local_runs.hpp"

namespace l402d::gateway {

LocalRuns::Hold LocalRuns::hold(const Hash32& token_id) {
  {
    std::lock_guard lock(mutex_);
    ++runs_[token_id];
  }
  return Hold(nullptr, [this, token_id](void*) { release(token_id); });
}

bool LocalRuns::running(const Hash32& token_id) const {
  std::lock_guard lock(mutex_);
  return runs_.count(token_id) != 0;
}

void LocalRuns::release(const Hash32& token_id) {
  {
    std::lock_guard lock(mutex_);
    auto it = runs_.find(token_id);
    if (it == runs_.end() || --it->second > 0) return;
    runs_.erase(it);
  }
  if (ended_) ended_(token_id);
}

}  // namespace l402d::gateway
