// RevocationCache against a scripted RevocationStore: what it asks the store
// for. Its behaviour over real stores is in contract_keys_test.cpp.

#include "store/revocation_cache.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "store/store_error.hpp"
#include "test_support.hpp"

namespace l402d::store::testing {
namespace {

// Revocations numbered 1, 2, ... in the order they were made.
class ScriptedRevocations : public RevocationStore {
 public:
  void revoke(const Hash32& token_id) override { ids.push_back(token_id); }
  bool is_revoked(const Hash32&) override { throw std::logic_error("the cache must not ask"); }
  RevocationBatch revoked_since(std::int64_t cursor) override {
    cursors.push_back(cursor);
    if (fail_next) {
      fail_next = false;
      throw StoreError(StoreError::Kind::unavailable, "store: database is locked");
    }
    RevocationBatch batch{{}, cursor};
    for (auto seq = cursor + 1; seq <= static_cast<std::int64_t>(ids.size()); ++seq) {
      batch.token_ids.push_back(ids[static_cast<std::size_t>(seq - 1)]);
      batch.cursor = seq;
    }
    return batch;
  }

  std::vector<Hash32> ids;
  std::vector<std::int64_t> cursors;
  bool fail_next = false;
};

TEST(RevocationCacheTest, RefreshAsksOnlyForRevocationsAfterItsCursor) {
  ScriptedRevocations store;
  store.revoke(hash_of("a"));
  store.revoke(hash_of("b"));
  RevocationCache cache(store);
  cache.refresh();
  store.revoke(hash_of("c"));
  cache.refresh();
  cache.refresh();
  EXPECT_EQ(store.cursors, (std::vector<std::int64_t>{0, 2, 2, 3}));
  for (const char* id : {"a", "b", "c"})
    EXPECT_TRUE(cache.is_revoked(hash_of(id))) << id;
}

TEST(RevocationCacheTest, AFailedRefreshKeepsTheListAndAsksAgainFromTheSameCursor) {
  ScriptedRevocations store;
  store.revoke(hash_of("a"));
  RevocationCache cache(store);
  store.revoke(hash_of("b"));
  store.fail_next = true;
  EXPECT_THROW(cache.refresh(), StoreError);
  EXPECT_TRUE(cache.is_revoked(hash_of("a")));
  EXPECT_FALSE(cache.is_revoked(hash_of("b")));
  cache.refresh();
  EXPECT_TRUE(cache.is_revoked(hash_of("b")));
  EXPECT_EQ(store.cursors, (std::vector<std::int64_t>{0, 1, 1}));
}

TEST(RevocationCacheTest, ItsOwnRevocationsAreKeptWhateverTheStoreReturns) {
  ScriptedRevocations store;
  RevocationCache cache(store);
  cache.revoke(hash_of("mine"));
  store.ids.clear();  // the store "forgets": the deny list must only grow
  cache.refresh();
  EXPECT_TRUE(cache.is_revoked(hash_of("mine")));
}

}  // namespace
}  // namespace l402d::store::testing
