#pragma once

// Opens the configured store. Each store backend brings one config struct
// (its [store.<name>] table, named by kName) as an alternative of StoreConfig
// and one branch in open_store, as Lightning backends do
// (lightning/backend_factory.hpp).

#include <filesystem>
#include <memory>
#include <string_view>
#include <variant>

#include "store/store.hpp"

namespace l402d::store {

// [store.sqlite]. An empty path means <data_dir>/l402d.db, so that moving the
// data directory moves the database with it.
struct SqliteStoreConfig : SqliteOptions {
  static constexpr std::string_view kName = "sqlite";
};

// [store.postgres]: a database shared by several instances (docs/store.md).
// The password comes from password_file or L402D_STORE_PASSWORD, never the log.
struct PostgresStoreConfig : PostgresOptions {
  static constexpr std::string_view kName = "postgres";
};

using StoreConfig = std::variant<SqliteStoreConfig, PostgresStoreConfig>;

// The file a store keeps under `data_dir` unless told otherwise.
inline constexpr std::string_view kDefaultSqliteFile = "l402d.db";

// Throws what the store throws when it cannot open (StoreError naming the path).
std::unique_ptr<Store> open_store(const StoreConfig& config, const std::filesystem::path& data_dir);

}  // namespace l402d::store
