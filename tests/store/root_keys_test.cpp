#include "store_fixture.hpp"

namespace l402d::store::testing {
namespace {

using RootKeys = StoreTest;

TEST_F(RootKeys, PutThenGetReturnsTheKey) {
  auto store = open();
  store->put_root_key(hash_of("id1"), hash_of("key1"));
  store->put_root_key(hash_of("id2"), hash_of("key2"));
  EXPECT_EQ(store->get_root_key(hash_of("id1")), hash_of("key1"));
  EXPECT_EQ(store->get_root_key(hash_of("id2")), hash_of("key2"));
}

TEST_F(RootKeys, UnknownIdentifierIsNullopt) {
  auto store = open();
  store->put_root_key(hash_of("id1"), hash_of("key1"));
  EXPECT_EQ(store->get_root_key(hash_of("other")), std::nullopt);
}

TEST_F(RootKeys, SecondPutReplacesTheKey) {
  auto store = open();
  store->put_root_key(hash_of("id"), hash_of("old"));
  store->put_root_key(hash_of("id"), hash_of("new"));
  EXPECT_EQ(store->get_root_key(hash_of("id")), hash_of("new"));
}

TEST_F(RootKeys, DeleteRevokesOnlyThatKeyAndReportsWhetherOneExisted) {
  auto store = open();
  store->put_root_key(hash_of("a"), hash_of("ka"));
  store->put_root_key(hash_of("b"), hash_of("kb"));
  EXPECT_TRUE(store->delete_root_key(hash_of("a")));
  EXPECT_EQ(store->get_root_key(hash_of("a")), std::nullopt);
  EXPECT_EQ(store->get_root_key(hash_of("b")), hash_of("kb"));
  EXPECT_FALSE(store->delete_root_key(hash_of("a")));
  EXPECT_FALSE(store->delete_root_key(hash_of("never")));
}

using Revocations = StoreTest;

TEST_F(Revocations, RevokedIdsAreReportedOthersAreNot) {
  auto store = open();
  EXPECT_FALSE(store->is_revoked(hash_of("t1")));
  store->revoke(hash_of("t1"));
  EXPECT_TRUE(store->is_revoked(hash_of("t1")));
  EXPECT_FALSE(store->is_revoked(hash_of("t2")));
}

TEST_F(Revocations, RevokeIsIdempotent) {
  auto store = open();
  store->revoke(hash_of("t1"));
  EXPECT_NO_THROW(store->revoke(hash_of("t1")));
  EXPECT_TRUE(store->is_revoked(hash_of("t1")));
}

TEST_F(Revocations, WorksThroughTheProtocolInterfaces) {
  auto store = open();
  l402::RootKeyStore& keys = *store;
  l402::RevocationList& revocations = *store;
  keys.put_root_key(hash_of("id"), hash_of("key"));
  revocations.revoke(hash_of("tok"));
  EXPECT_EQ(keys.get_root_key(hash_of("id")), hash_of("key"));
  EXPECT_TRUE(revocations.is_revoked(hash_of("tok")));
}

}  // namespace
}  // namespace l402d::store::testing
