#include "store/revocation_cache.hpp"

#include <mutex>

namespace l402d::store {

RevocationCache::RevocationCache(Store& store) : store_(store) {
  refresh();
}

void RevocationCache::revoke(const Hash32& token_id) {
  store_.revoke(token_id);
  std::unique_lock lock(mutex_);
  revoked_.insert(token_id);
}

bool RevocationCache::is_revoked(const Hash32& token_id) {
  std::shared_lock lock(mutex_);
  return revoked_.count(token_id) != 0;
}

void RevocationCache::refresh() {
  const auto ids = store_.revoked_token_ids();
  std::unordered_set<Hash32, HashOfHash32> fresh(ids.begin(), ids.end());
  std::unique_lock lock(mutex_);
  // The list only grows: keep whatever was revoked here meanwhile.
  for (const auto& id : revoked_)
    fresh.insert(id);
  revoked_.swap(fresh);
}

}  // namespace l402d::store
