#include "store/sqlite_connection.hpp"

#include <sqlite3.h>

#include <cstring>

namespace l402d::store {

StoreError::Kind sqlite_error_kind(int code) {
  switch (code & 0xff) {  // the primary code; extended codes refine it
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_NOMEM:
    case SQLITE_INTERRUPT:
    case SQLITE_PROTOCOL:
      return StoreError::Kind::unavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
      return StoreError::Kind::corrupt;
    case SQLITE_CONSTRAINT:
      return StoreError::Kind::constraint;
    default:
      return StoreError::Kind::other;
  }
}

Statement::Statement(SqliteConnection& connection, sqlite3_stmt* stmt)
    : connection_(connection), stmt_(stmt) {}

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) connection_.fail(rc, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  const int rc =
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK) connection_.fail(rc, "bind");
  return *this;
}

Statement& Statement::bind_blob(int index, ByteView blob) {
  // An empty span may have a null data pointer, which SQLite would store as NULL.
  static const std::uint8_t empty = 0;
  const void* data = blob.empty() ? &empty : blob.data();
  const int rc = sqlite3_bind_blob64(stmt_, index, data, blob.size(), SQLITE_STATIC);
  if (rc != SQLITE_OK) connection_.fail(rc, "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) connection_.fail(rc, "bind");
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  connection_.fail(rc, "step");
}

void Statement::run() {
  if (step()) {
    throw std::logic_error("store: statement returned rows where none were expected");
  }
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::column_int64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::column_text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

Bytes Statement::column_blob(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr) return {};
  return {data, data + size};
}

Hash32 Statement::column_hash(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  const int size = sqlite3_column_bytes(stmt_, column);
  Hash32 out{};
  if (data == nullptr || static_cast<std::size_t>(size) != out.size()) {
    throw StoreError(StoreError::Kind::corrupt,
                     "store: " + connection_.path_label() + ": corrupt row: column " +
                         std::to_string(column) + " is not a 32-byte hash");
  }
  std::memcpy(out.data(), data, out.size());
  return out;
}

SqliteConnection::SqliteConnection(const std::filesystem::path& path, int busy_timeout_ms)
    : label_(path.string()) {
  const bool memory = path == ":memory:";
  // Multi-thread mode: the pool guarantees one thread per connection at a time.
  // No SQLITE_OPEN_CREATE for files: db_file.hpp created the file with mode 0600,
  // and a missing file here means something removed it, which must not pass.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (memory) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(label_.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "store: " + label_ + ": cannot open: ";
    message += db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError(message, rc);
  }
  try {
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    if (!memory) {
      auto st = prepare("PRAGMA journal_mode=WAL");
      if (!st.step() || st.column_text(0) != "wal") {
        throw SqliteError("store: " + label_ + ": cannot switch to WAL journal mode", SQLITE_ERROR);
      }
    }
    exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF");
  } catch (...) {
    for (auto& [sql, stmt] : cache_)
      sqlite3_finalize(stmt);
    sqlite3_close(db_);
    throw;
  }
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : cache_)
    sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void SqliteConnection::exec(const std::string& sql) {
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string message = "store: " + label_ + ": exec: " + (error ? error : sqlite3_errstr(rc));
    sqlite3_free(error);
    throw SqliteError(message, rc);
  }
}

Statement SqliteConnection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, "prepare \"" + std::string(sql) + "\"");
    it = cache_.emplace(std::string(sql), stmt).first;
  } else if (sqlite3_stmt_busy(it->second)) {
    // Two live borrows of one statement would silently reset each other.
    throw std::logic_error("store: statement already in use on this connection");
  }
  return Statement(*this, it->second);
}

void SqliteConnection::set_synchronous(Synchronous level) {
  if (level == synchronous_) return;
  exec(level == Synchronous::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  synchronous_ = level;
}

int SqliteConnection::synchronous() {
  auto st = prepare("PRAGMA synchronous");
  if (!st.step()) fail(SQLITE_ERROR, "PRAGMA synchronous returned nothing");
  return static_cast<int>(st.column_int64(0));
}

std::int64_t SqliteConnection::changes() const {
  return sqlite3_changes64(db_);
}

bool SqliteConnection::in_transaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

void SqliteConnection::fail(int rc, std::string_view what) const {
  std::string message = "store: " + label_ + ": " + std::string(what) + ": ";
  const int current = sqlite3_extended_errcode(db_);
  // sqlite3_errmsg describes the most recent failing API call; when that is not
  // the one being reported, fall back to the generic text of the code.
  message += current == rc ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
  throw SqliteError(message, rc);
}

}  // namespace l402d::store
