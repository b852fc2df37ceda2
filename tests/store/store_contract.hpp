#pragma once

// The store contract: behaviour every Store implementation must have, written
// once as parameterised tests over a factory. A backend joins by adding one
// L402D_INSTANTIATE_STORE_CONTRACT line with its factories (see
// sqlite_contract_test.cpp); nothing here knows which database runs.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "test_support.hpp"

namespace l402d::store::testing {

struct StoreSetup {
  std::filesystem::path dir;  // private to the test; empty when it starts
  int connections = 4;        // how many the test wants contending at once
};

struct StoreFactory {
  std::string name;  // the parameter's name in test names: letters, digits, _
  // A fresh store. Called again with the same directory it must reach the same
  // database, like a second process, when `shared`; otherwise the
  // SharedDatabase suite does not run for this factory.
  std::function<std::unique_ptr<Store>(const StoreSetup&)> open;
  bool shared = true;
};

inline void PrintTo(const StoreFactory& factory, std::ostream* os) {
  *os << factory.name;
}

class StoreContract : public ::testing::TestWithParam<StoreFactory> {
 protected:
  std::unique_ptr<Store> open(int connections = 4) {
    return GetParam().open(StoreSetup{dir_.path(), connections});
  }

  TempDir dir_;
};

// One suite per concept, so test names say what they cover.
class Tokens : public StoreContract {
 protected:
  void SetUp() override { store = open(); }
  std::unique_ptr<Store> store;
};
class Invoices : public StoreContract {};
class RootKeys : public StoreContract {};
class Revocations : public StoreContract {};
class CachedRevocations : public StoreContract {};
class Concurrency : public StoreContract {};
class Secrets : public StoreContract {};
class Jobs : public StoreContract {
 protected:
  void SetUp() override { store = open(); }
  std::unique_ptr<Store> store;
};
// What the admin API reads and writes (AdminQueries).
class AdminData : public StoreContract {
 protected:
  void SetUp() override { store = open(); }
  std::unique_ptr<Store> store;
};
// Every row of the token transition table (tests/model/token_table.hpp), the
// one the spin model is generated from.
class TokenTable : public StoreContract {};
// Two handles on one database: two processes, or a restart overlapping the old one.
class SharedDatabase : public StoreContract {};

inline std::string factory_name(const ::testing::TestParamInfo<StoreFactory>& info) {
  return info.param.name;
}

inline std::vector<StoreFactory> sharing(std::vector<StoreFactory> factories) {
  std::erase_if(factories, [](const StoreFactory& f) { return !f.shared; });
  return factories;
}

}  // namespace l402d::store::testing

// Runs every contract suite over `factories` (a std::vector<StoreFactory>).
#define L402D_INSTANTIATE_STORE_CONTRACT(prefix, factories)                                    \
  INSTANTIATE_TEST_SUITE_P(prefix, Tokens, ::testing::ValuesIn(factories), factory_name);      \
  INSTANTIATE_TEST_SUITE_P(prefix, Invoices, ::testing::ValuesIn(factories), factory_name);    \
  INSTANTIATE_TEST_SUITE_P(prefix, RootKeys, ::testing::ValuesIn(factories), factory_name);    \
  INSTANTIATE_TEST_SUITE_P(prefix, Revocations, ::testing::ValuesIn(factories), factory_name); \
  INSTANTIATE_TEST_SUITE_P(prefix, CachedRevocations, ::testing::ValuesIn(factories),          \
                           factory_name);                                                      \
  INSTANTIATE_TEST_SUITE_P(prefix, Concurrency, ::testing::ValuesIn(factories), factory_name); \
  INSTANTIATE_TEST_SUITE_P(prefix, Secrets, ::testing::ValuesIn(factories), factory_name);     \
  INSTANTIATE_TEST_SUITE_P(prefix, Jobs, ::testing::ValuesIn(factories), factory_name);        \
  INSTANTIATE_TEST_SUITE_P(prefix, AdminData, ::testing::ValuesIn(factories), factory_name);   \
  INSTANTIATE_TEST_SUITE_P(prefix, TokenTable, ::testing::ValuesIn(factories), factory_name);  \
  INSTANTIATE_TEST_SUITE_P(prefix, SharedDatabase, ::testing::ValuesIn(sharing(factories)),    \
                           factory_name)
