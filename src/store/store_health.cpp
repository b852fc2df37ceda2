#include "store/store_health.hpp"

#include "store/store_error.hpp"

namespace l402d::store {

bool StoreHealth::check() {
  if (up() || !probe_) return true;
  std::lock_guard lock(probing_);
  const auto now = Clock::now();
  // Callers queued behind a probe take its answer rather than probing again.
  if (up() || now - last_probe_ < kProbeInterval) return up();
  last_probe_ = now;
  try {
    probe_();
  } catch (const StoreError&) {
    // failed() was called by the connection that could not answer.
  }
  return up();
}

}  // namespace l402d::store
