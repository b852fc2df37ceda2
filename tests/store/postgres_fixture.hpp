#pragma once

// The PostgreSQL side of the store tests: one private cluster per test process
// (started by the first test that needs it, stopped by a global environment at
// the end), and a fresh database per test directory, so every test starts
// empty and two stores opened for one test reach the same database.

#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "store/store.hpp"
#include "support/postgres_cluster.hpp"

namespace l402d::store::testing {

inline std::filesystem::path postgres_root() {
  return L402D_POSTGRES_TEST_ROOT;
}

class SharedCluster {
 public:
  static SharedCluster& get() {
    static SharedCluster instance;
    return instance;
  }
  // Throws (so the test fails) when PostgreSQL is missing or does not start.
  l402d::testing::PostgresCluster& cluster() {
    std::lock_guard lock(mutex_);
    if (!cluster_) {
      auto c = std::make_unique<l402d::testing::PostgresCluster>(postgres_root());
      c->start();
      cluster_ = std::move(c);
    }
    return *cluster_;
  }
  void stop() {
    std::lock_guard lock(mutex_);
    cluster_.reset();
    databases_.clear();
  }
  // A database named after the test's directory, created on first use.
  std::string database_for(const std::filesystem::path& dir) {
    std::string name = "t_";
    for (char ch : dir.filename().string())
      name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
    auto& c = cluster();
    std::lock_guard lock(mutex_);
    if (databases_.insert(name).second)
      c.sql("CREATE DATABASE \"" + name + "\" STRATEGY FILE_COPY");
    return name;
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<l402d::testing::PostgresCluster> cluster_;
  std::set<std::string> databases_;
};

class PostgresEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { SharedCluster::get().stop(); }
};

inline l402d::testing::PostgresCluster& pg_cluster() {
  return SharedCluster::get().cluster();
}

inline PostgresOptions postgres_options(const std::filesystem::path& dir, int pool_size = 4) {
  PostgresOptions o;
  o.url = pg_cluster().url(SharedCluster::get().database_for(dir));
  o.pool_size = pool_size;
  return o;
}

}  // namespace l402d::store::testing
