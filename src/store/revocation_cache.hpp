#pragma once

// The revocation deny list in memory, in front of the store. Verification asks
// is_revoked for every paid request; answering from memory keeps that off the
// database and lets the L402 gate verify on the I/O thread.
//
// Revocations made through this object apply at once. Those made by another
// process sharing the database (another l402d instance, a maintenance tool)
// apply when refresh() next runs: the server calls it every
// kRefreshInterval, so that is the delay, documented in docs/store.md.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <unordered_set>

#include "l402/key_store.hpp"
#include "store/revocation_store.hpp"

namespace l402d::store {

class RevocationCache final : public l402::RevocationList {
 public:
  static constexpr std::chrono::seconds kRefreshInterval{2};

  // Loads the list; `store` must outlive the cache. Store errors propagate.
  explicit RevocationCache(RevocationStore& store);

  // Durable first (the store's write), then visible here.
  void revoke(const Hash32& token_id) override;
  bool is_revoked(const Hash32& token_id) override;
  bool is_revoked_blocks() const override { return false; }

  // Fetches the revocations committed since the last refresh, so a refresh
  // costs one indexed read however long the list is. An error leaves the list
  // as it was (the next refresh asks again) and propagates.
  void refresh();

 private:
  RevocationStore& store_;
  std::mutex refresh_mutex_;  // one refresh at a time, so the cursor only moves forward
  std::int64_t cursor_ = 0;   // guarded by refresh_mutex_
  std::shared_mutex mutex_;
  std::unordered_set<Hash32, HashOfHash32> revoked_;
};

}  // namespace l402d::store
