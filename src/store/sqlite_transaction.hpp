#pragma once

// A write transaction taken with BEGIN IMMEDIATE: the write lock is held from the
// first statement, so a read-then-write sequence (claim a token, migrate) cannot
// interleave with another writer, and waiting for the lock goes through the busy
// timeout instead of failing with SQLITE_BUSY midway.

#include "store/sqlite_connection.hpp"

namespace l402d::store {

class Transaction {
 public:
  // `durability` is the synchronous level the commit runs under.
  Transaction(SqliteConnection& connection, Synchronous durability);
  // Rolls back unless committed.
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  void commit();

 private:
  SqliteConnection& connection_;
  bool done_ = false;
};

}  // namespace l402d::store
