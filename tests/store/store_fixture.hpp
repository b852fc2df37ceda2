#pragma once

// Shared helpers for the store tests: a private temporary directory per test and
// short ways to make distinct hashes and token records.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/sqlite_store.hpp"
#include "util/crypto.hpp"

namespace l402d::store::testing {

inline Hash32 hash_of(const std::string& label) {
  return sha256(label);
}

inline TokenRecord token(const std::string& label, const std::string& request = "request") {
  TokenRecord t;
  t.token_id = hash_of("token:" + label);
  t.payment_hash = hash_of("payment:" + label);
  t.service = "music";
  if (!request.empty()) t.request_hash = hash_of("request:" + request);
  return t;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "l402d-store-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

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
