// The store contract over SQLite: a database file in the test's directory, and
// ":memory:" (one connection, nothing shared) where a test needs no second handle.

#include "store/sqlite_store.hpp"
#include "store_contract.hpp"

namespace l402d::store::testing {
namespace {

std::unique_ptr<Store> open_file(const StoreSetup& setup) {
  SqliteOptions o;
  o.path = setup.dir / "l402d.sqlite";
  o.pool_size = setup.connections;
  return open_sqlite_store(o);
}

std::unique_ptr<Store> open_memory(const StoreSetup&) {
  SqliteOptions o;
  o.path = ":memory:";
  return open_sqlite_store(o);
}

const std::vector<StoreFactory> kSqlite{
    {"file", open_file, true},
    {"memory", open_memory, false},
};

L402D_INSTANTIATE_STORE_CONTRACT(Sqlite, kSqlite);

}  // namespace
}  // namespace l402d::store::testing
