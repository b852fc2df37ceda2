#pragma once

// One libpq connection: connecting from a URI (plus a password kept apart from
// it), a per-connection cache of server-side prepared statements, binary
// parameters and results, and errors mapped onto StoreError kinds by SQLSTATE.
// A connection is used by one thread at a time (the pool enforces it).
//
// Errors carry libpq's primary message only: the DETAIL of a constraint
// violation quotes the row's values, and those are keys, preimages and results.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/store_error.hpp"
#include "store/store_health.hpp"
#include "util/bytes.hpp"

struct pg_conn;
struct pg_result;

namespace l402d::store {

// What a caller may do about a SQLSTATE (store_error.hpp).
StoreError::Kind postgres_error_kind(std::string_view sqlstate);

// A StoreError that also keeps PostgreSQL's SQLSTATE, so the transaction runner
// can tell a conflict worth retrying from a real failure.
class PgError : public StoreError {
 public:
  PgError(const std::string& message, std::string sqlstate)
      : StoreError(postgres_error_kind(sqlstate), message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const noexcept { return sqlstate_; }

 private:
  std::string sqlstate_;
};

// SQLSTATEs the store acts on.
inline constexpr std::string_view kSerializationFailure = "40001";
inline constexpr std::string_view kDeadlockDetected = "40P01";
inline constexpr std::string_view kUniqueViolation = "23505";
// Reported for a connection that died without the server saying why.
inline constexpr std::string_view kConnectionFailure = "08006";

struct PgConnectParams {
  std::string url;       // a libpq URI; its own parameters (sslmode, ...) apply
  std::string password;  // empty: whatever the URI, ~/.pgpass or the server allow
  // Applies unless the URI sets connect_timeout; libpq's own default waits forever.
  int connect_timeout_seconds = 5;
  std::string label;  // the URI with any password redacted, for messages
  // Told when a connection breaks or cannot be made, and when one answers.
  std::shared_ptr<StoreHealth> health;
};

class PgResult {
 public:
  explicit PgResult(pg_result* result);
  int rows() const;
  bool is_null(int row, int column) const;
  // Binary integers of any width (int2, int4, int8).
  std::int64_t int64(int row, int column) const;
  std::string text(int row, int column) const;
  Bytes blob(int row, int column) const;
  // StoreError(corrupt) unless the column holds exactly 32 bytes.
  Hash32 hash(int row, int column) const;
  // Rows an INSERT, UPDATE or DELETE touched.
  std::int64_t affected() const;

 private:
  std::unique_ptr<pg_result, void (*)(pg_result*)> result_;
};

class PostgresConnection;

// Parameters for one execution of a prepared statement. Integers and text are
// sent as text (the server infers each parameter's type from the SQL, and a
// binary int8 would not fit an INTEGER parameter); bytea is sent as binary and
// not copied, so bound buffers must outlive run().
class PgStatement {
 public:
  PgStatement(PostgresConnection& connection, const std::string& name);
  PgStatement& bind(int index, std::int64_t value);
  PgStatement& bind(int index, std::string_view text);
  PgStatement& bind_blob(int index, ByteView blob);
  PgStatement& bind_null(int index);
  PgResult run();

 private:
  struct Param {
    std::string text;
    ByteView blob;
    bool binary = false;
    bool null = true;
  };
  Param& at(int index);

  PostgresConnection& connection_;
  const std::string& name_;
  std::vector<Param> params_;
};

class PostgresConnection {
 public:
  // Connects at once; PgError(unavailable) when the server cannot be reached.
  explicit PostgresConnection(PgConnectParams params);
  ~PostgresConnection();
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  // Runs SQL without parameters, possibly several statements (migrations).
  void exec(const std::string& sql);
  // Prepares `sql` ($1, $2, ... placeholders) once per session.
  PgStatement prepare(std::string_view sql);
  PgResult run_prepared(const std::string& name, int count, const char* const* values,
                        const int* lengths, const int* formats);

  // The server went away (terminated backend, restart, network): reconnect
  // before the next use. Prepared statements die with the session.
  bool broken() const;
  void reconnect();
  bool in_transaction() const;
  int backend_pid() const;
  // For a listening connection: the socket to wait on, and the payloads of
  // the notifications that have arrived (reads what the socket holds; false
  // when the connection broke).
  int socket() const;
  bool take_notifications(std::vector<std::string>& payloads);
  const std::string& label() const { return params_.label; }

  // Throws PgError "store: <label>: <what>: <primary message>".
  [[noreturn]] void fail(const pg_result* result, std::string_view what) const;

 private:
  void connect();
  PgResult checked(pg_result* result, std::string_view what) const;
  // Tells params_.health whether the server answered.
  void report(bool answered) const;

  PgConnectParams params_;
  pg_conn* conn_ = nullptr;
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const noexcept {
      return std::hash<std::string_view>{}(sql);
    }
  };
  std::unordered_map<std::string, std::string, SqlHash, std::equal_to<>> statements_;
};

}  // namespace l402d::store
