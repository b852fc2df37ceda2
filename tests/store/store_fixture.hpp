#pragma once

// The fixture of the SQLite-specific tests (files, durability, connections,
// migrations): a private database file per test. Behaviour every backend must
// share is tested through store_contract.hpp instead.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "store/sqlite_store.hpp"
#include "test_support.hpp"

namespace l402d::store::testing {

class StoreTest : public ::testing::Test {
 protected:
  std::filesystem::path db_path() const { return dir_.path() / "l402d.sqlite"; }
  SqliteOptions options() const {
    SqliteOptions o;
    o.path = db_path();
    return o;
  }
  std::unique_ptr<SqliteStore> open() { return std::make_unique<SqliteStore>(options()); }

  TempDir dir_;
};

}  // namespace l402d::store::testing
