#include "store/revocation_cache.hpp"

namespace l402d::store {

RevocationCache::RevocationCache(RevocationStore& store) : store_(store) {
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
  std::lock_guard refreshing(refresh_mutex_);
  auto batch = store_.revoked_since(cursor_);
  {
    std::unique_lock lock(mutex_);
    revoked_.insert(batch.token_ids.begin(), batch.token_ids.end());
  }
  cursor_ = batch.cursor;
}

}  // namespace l402d::store
