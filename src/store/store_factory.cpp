#include "store/store_factory.hpp"

namespace l402d::store {

namespace {

std::unique_ptr<Store> open(const SqliteStoreConfig& config,
                            const std::filesystem::path& data_dir) {
  SqliteOptions options = config;
  if (options.path.empty()) options.path = data_dir / kDefaultSqliteFile;
  return open_sqlite_store(options);
}

std::unique_ptr<Store> open(const PostgresStoreConfig& config, const std::filesystem::path&) {
  return open_postgres_store(config);
}

}  // namespace

std::unique_ptr<Store> open_store(const StoreConfig& config,
                                  const std::filesystem::path& data_dir) {
  return std::visit([&](const auto& c) { return open(c, data_dir); }, config);
}

}  // namespace l402d::store
