#pragma once

// One SQLite connection: opening with the store's pragmas, a per-connection cache
// of prepared statements, and errors that name the database and SQLite's reason.
// A connection is used by one thread at a time (the pool enforces it), so it is
// opened in SQLite's multi-thread mode without per-call mutexes.
//
// Errors never include bound values: those are root keys, preimages and results.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/store_error.hpp"
#include "util/bytes.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace l402d::store {

// What a caller may do about an SQLite result code (store_error.hpp).
StoreError::Kind sqlite_error_kind(int code);

// A StoreError that also keeps SQLite's code, for diagnostics and tests.
class SqliteError : public StoreError {
 public:
  SqliteError(const std::string& message, int code)
      : StoreError(sqlite_error_kind(code), message), code_(code) {}
  // SQLite's extended result code (SQLITE_BUSY, SQLITE_CONSTRAINT_PRIMARYKEY, ...).
  int code() const noexcept { return code_; }

 private:
  int code_;
};

// The PRAGMA synchronous levels the store uses. In WAL mode FULL syncs the WAL
// on every commit; NORMAL syncs only at checkpoints, so a power cut may undo
// the last commits (a killed process never does: the OS still has the pages).
enum class Synchronous { normal = 1, full = 2 };

class SqliteConnection;

// A cached statement borrowed for one use. Destruction resets it and clears its
// bindings, so the next user starts clean and no bound secret stays referenced.
class Statement {
 public:
  Statement(SqliteConnection& connection, sqlite3_stmt* stmt);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Bound buffers are not copied (SQLITE_STATIC): they must outlive the step.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, ByteView blob);
  Statement& bind_null(int index);

  // True when a row is available, false when the statement is done.
  bool step();
  // Runs a statement that returns no rows.
  void run();

  bool is_null(int column) const;
  std::int64_t column_int64(int column) const;
  std::string column_text(int column) const;
  Bytes column_blob(int column) const;
  // StoreError(corrupt) if the column does not hold exactly 32 bytes.
  Hash32 column_hash(int column) const;

 private:
  SqliteConnection& connection_;
  sqlite3_stmt* stmt_;
};

class SqliteConnection {
 public:
  // ":memory:" opens a private in-memory database; any other path must already
  // exist (db_file.hpp creates it with the right mode).
  SqliteConnection(const std::filesystem::path& path, int busy_timeout_ms);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs SQL without parameters, possibly several statements (migrations, pragmas).
  void exec(const std::string& sql);
  // Prepares `sql` once per connection and hands out the cached statement.
  Statement prepare(std::string_view sql);

  // Sets PRAGMA synchronous, only issuing it when the level changes.
  void set_synchronous(Synchronous level);
  // Asks SQLite for the level in force (for tests and diagnostics).
  int synchronous();

  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t changes() const;
  bool in_transaction() const;
  const std::string& path_label() const { return label_; }
  std::size_t cached_statements() const { return cache_.size(); }

  // Throws SqliteError "store: <path>: <what>: <sqlite message>".
  [[noreturn]] void fail(int rc, std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
  std::string label_;
  // Transparent hashing: looking a statement up by its SQL allocates nothing.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const noexcept {
      return std::hash<std::string_view>{}(sql);
    }
  };
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> cache_;
  Synchronous synchronous_ = Synchronous::full;
};

}  // namespace l402d::store
