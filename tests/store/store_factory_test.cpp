#include "store/store_factory.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "util/named_variant.hpp"

namespace l402d::store::testing {
namespace {

TEST(StoreFactory, SqliteWithoutAPathLivesInTheDataDirectory) {
  TempDir dir;
  auto store = open_store(SqliteStoreConfig{}, dir.path());
  store->insert_invoice(invoice("a"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "l402d.db"));
  store.reset();
  // The same data directory opens the same database.
  auto again = open_store(SqliteStoreConfig{}, dir.path());
  EXPECT_TRUE(again->find_invoice(invoice("a").payment_hash));
}

TEST(StoreFactory, SqliteHonoursAnExplicitPath) {
  TempDir dir;
  SqliteStoreConfig config;
  config.path = dir.path() / "elsewhere.db";
  config.pool_size = 2;
  config.busy_timeout_ms = 0;
  auto store = open_store(config, dir.path() / "unused");
  store->insert_invoice(invoice("b"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "elsewhere.db"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "unused"));
}

TEST(StoreFactory, DefaultsAreTheSqliteStoreDefaults) {
  const SqliteStoreConfig config;
  const SqliteOptions options;
  EXPECT_EQ(config.pool_size, options.pool_size);
  EXPECT_EQ(config.busy_timeout_ms, options.busy_timeout_ms);
  EXPECT_EQ(variant_name(StoreConfig{}), "sqlite");
}

}  // namespace
}  // namespace l402d::store::testing
