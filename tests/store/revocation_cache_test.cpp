#include "store/revocation_cache.hpp"

#include <gtest/gtest.h>

#include "store/sqlite_store.hpp"
#include "store_fixture.hpp"

namespace l402d::store::testing {
namespace {

using RevocationCacheTest = StoreTest;

TEST_F(RevocationCacheTest, LoadsTheListAndAnswersFromMemory) {
  auto store = open();
  store->revoke(hash_of("old"));
  RevocationCache cache(*store);
  EXPECT_FALSE(cache.is_revoked_blocks());
  EXPECT_TRUE(cache.is_revoked(hash_of("old")));
  EXPECT_FALSE(cache.is_revoked(hash_of("new")));
}

TEST_F(RevocationCacheTest, ItsOwnRevocationsAreDurableAndImmediate) {
  auto store = open();
  RevocationCache cache(*store);
  cache.revoke(hash_of("t1"));
  EXPECT_TRUE(cache.is_revoked(hash_of("t1")));
  EXPECT_TRUE(store->is_revoked(hash_of("t1")));
}

TEST_F(RevocationCacheTest, AnotherProcessesRevocationsApplyAtTheNextRefresh) {
  auto store = open();
  auto other = open();  // another process sharing the database
  RevocationCache cache(*store);
  other->revoke(hash_of("elsewhere"));
  EXPECT_FALSE(cache.is_revoked(hash_of("elsewhere")));
  cache.refresh();
  EXPECT_TRUE(cache.is_revoked(hash_of("elsewhere")));
}

}  // namespace
}  // namespace l402d::store::testing
