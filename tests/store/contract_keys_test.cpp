// The contracts of root keys (l402::RootKeyStore), revocations
// (RevocationStore) and the RevocationCache in front of a real store.

#include "store/revocation_cache.hpp"
#include "store_contract.hpp"

namespace l402d::store::testing {
namespace {

TEST_P(RootKeys, PutThenGetReturnsTheKey) {
  auto store = open();
  store->put_root_key(hash_of("id1"), hash_of("key1"));
  store->put_root_key(hash_of("id2"), hash_of("key2"));
  EXPECT_EQ(store->get_root_key(hash_of("id1")), hash_of("key1"));
  EXPECT_EQ(store->get_root_key(hash_of("id2")), hash_of("key2"));
}

TEST_P(RootKeys, UnknownIdentifierIsNullopt) {
  auto store = open();
  store->put_root_key(hash_of("id1"), hash_of("key1"));
  EXPECT_EQ(store->get_root_key(hash_of("other")), std::nullopt);
}

TEST_P(RootKeys, SecondPutReplacesTheKey) {
  auto store = open();
  store->put_root_key(hash_of("id"), hash_of("old"));
  store->put_root_key(hash_of("id"), hash_of("new"));
  EXPECT_EQ(store->get_root_key(hash_of("id")), hash_of("new"));
}

TEST_P(RootKeys, DeleteRevokesOnlyThatKeyAndReportsWhetherOneExisted) {
  auto store = open();
  store->put_root_key(hash_of("a"), hash_of("ka"));
  store->put_root_key(hash_of("b"), hash_of("kb"));
  EXPECT_TRUE(store->delete_root_key(hash_of("a")));
  EXPECT_EQ(store->get_root_key(hash_of("a")), std::nullopt);
  EXPECT_EQ(store->get_root_key(hash_of("b")), hash_of("kb"));
  EXPECT_FALSE(store->delete_root_key(hash_of("a")));
  EXPECT_FALSE(store->delete_root_key(hash_of("never")));
}

TEST_P(Revocations, RevokedIdsAreReportedOthersAreNot) {
  auto store = open();
  EXPECT_FALSE(store->is_revoked(hash_of("t1")));
  store->revoke(hash_of("t1"));
  EXPECT_TRUE(store->is_revoked(hash_of("t1")));
  EXPECT_FALSE(store->is_revoked(hash_of("t2")));
}

TEST_P(Revocations, RevokeIsIdempotent) {
  auto store = open();
  store->revoke(hash_of("t1"));
  EXPECT_NO_THROW(store->revoke(hash_of("t1")));
  EXPECT_TRUE(store->is_revoked(hash_of("t1")));
}

TEST_P(Revocations, WorksThroughTheProtocolInterfaces) {
  auto store = open();
  l402::RootKeyStore& keys = *store;
  l402::RevocationList& revocations = *store;
  keys.put_root_key(hash_of("id"), hash_of("key"));
  revocations.revoke(hash_of("tok"));
  EXPECT_EQ(keys.get_root_key(hash_of("id")), hash_of("key"));
  EXPECT_TRUE(revocations.is_revoked(hash_of("tok")));
  RevocationStore& durable = *store;
  EXPECT_TRUE(durable.is_revoked(hash_of("tok")));
  EXPECT_TRUE(durable.is_revoked_blocks()) << "a database read may wait on I/O";
}

TEST_P(Revocations, RevokedSinceZeroListsEveryRevocationInOrder) {
  auto store = open();
  EXPECT_TRUE(store->revoked_since(0).token_ids.empty());
  EXPECT_EQ(store->revoked_since(0).cursor, 0);
  for (const char* id : {"t3", "t1", "t2"})
    store->revoke(hash_of(id));
  const auto all = store->revoked_since(0);
  EXPECT_EQ(all.token_ids, (std::vector{hash_of("t3"), hash_of("t1"), hash_of("t2")}));
  EXPECT_GT(all.cursor, 0);
}

TEST_P(Revocations, RevokedSinceACursorListsOnlyNewerOnes) {
  auto store = open();
  store->revoke(hash_of("old"));
  const auto first = store->revoked_since(0);
  const auto nothing_new = store->revoked_since(first.cursor);
  EXPECT_TRUE(nothing_new.token_ids.empty());
  EXPECT_EQ(nothing_new.cursor, first.cursor) << "the cursor stays when nothing is new";

  store->revoke(hash_of("new"));
  store->revoke(hash_of("old"));  // a repeat is not news
  const auto next = store->revoked_since(first.cursor);
  EXPECT_EQ(next.token_ids, std::vector{hash_of("new")});
  EXPECT_GT(next.cursor, first.cursor);
  EXPECT_TRUE(store->revoked_since(next.cursor).token_ids.empty());
}

TEST_P(CachedRevocations, LoadsTheListAndAnswersFromMemory) {
  auto store = open();
  store->revoke(hash_of("old"));
  RevocationCache cache(*store);
  EXPECT_FALSE(cache.is_revoked_blocks());
  EXPECT_TRUE(cache.is_revoked(hash_of("old")));
  EXPECT_FALSE(cache.is_revoked(hash_of("new")));
}

TEST_P(CachedRevocations, ItsOwnRevocationsAreDurableAndImmediate) {
  auto store = open();
  RevocationCache cache(*store);
  cache.revoke(hash_of("t1"));
  EXPECT_TRUE(cache.is_revoked(hash_of("t1")));
  EXPECT_TRUE(store->is_revoked(hash_of("t1")));
}

TEST_P(CachedRevocations, RefreshAddsWhatWasRevokedBehindItsBack) {
  auto store = open();
  store->revoke(hash_of("before"));
  RevocationCache cache(*store);
  store->revoke(hash_of("after"));  // straight to the store, as another process would
  EXPECT_FALSE(cache.is_revoked(hash_of("after")));
  cache.refresh();
  EXPECT_TRUE(cache.is_revoked(hash_of("before")));
  EXPECT_TRUE(cache.is_revoked(hash_of("after")));
}

}  // namespace
}  // namespace l402d::store::testing
