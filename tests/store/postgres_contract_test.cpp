// The store contract over PostgreSQL: every suite of store_contract.hpp on a
// fresh database of the test process's private cluster.

#include "postgres_fixture.hpp"
#include "store_contract.hpp"

namespace l402d::store::testing {
namespace {

std::unique_ptr<Store> open_database(const StoreSetup& setup) {
  return open_postgres_store(postgres_options(setup.dir, setup.connections));
}

const std::vector<StoreFactory> kPostgres{
    {"database", open_database, true},
};

L402D_INSTANTIATE_STORE_CONTRACT(Postgres, kPostgres);

[[maybe_unused]] const auto* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

}  // namespace
}  // namespace l402d::store::testing
