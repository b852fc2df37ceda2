#include "store/postgres_connection.hpp"

#include <endian.h>
#include <libpq-fe.h>

#include <cstring>
#include <stdexcept>

namespace l402d::store {

StoreError::Kind postgres_error_kind(std::string_view sqlstate) {
  const auto cls = sqlstate.substr(0, 2);
  // Connection loss, server shutting down or starting, out of resources, I/O,
  // a conflict that outlived its retries, a read-only standby: all pass, so
  // the caller answers 503 and tries again later.
  if (cls == "08" || cls == "53" || cls == "57" || cls == "58" || cls == "40" ||
      sqlstate == "55P03" || sqlstate == "25006") {
    return StoreError::Kind::unavailable;
  }
  if (cls == "23") return StoreError::Kind::constraint;
  if (sqlstate == "XX001" || sqlstate == "XX002") return StoreError::Kind::corrupt;
  return StoreError::Kind::other;
}

PgResult::PgResult(pg_result* result) : result_(result, PQclear) {}

int PgResult::rows() const {
  return PQntuples(result_.get());
}

bool PgResult::is_null(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

std::int64_t PgResult::int64(int row, int column) const {
  const char* data = PQgetvalue(result_.get(), row, column);
  switch (PQgetlength(result_.get(), row, column)) {
    case 8: {
      std::uint64_t v = 0;
      std::memcpy(&v, data, 8);
      return static_cast<std::int64_t>(be64toh(v));
    }
    case 4: {
      std::uint32_t v = 0;
      std::memcpy(&v, data, 4);
      return static_cast<std::int32_t>(be32toh(v));
    }
    case 2: {
      std::uint16_t v = 0;
      std::memcpy(&v, data, 2);
      return static_cast<std::int16_t>(be16toh(v));
    }
    default:
      throw StoreError(StoreError::Kind::corrupt,
                       "store: column " + std::to_string(column) + " is not an integer");
  }
}

std::string PgResult::text(int row, int column) const {
  return {PQgetvalue(result_.get(), row, column),
          static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

Bytes PgResult::blob(int row, int column) const {
  const auto* data = reinterpret_cast<const std::uint8_t*>(PQgetvalue(result_.get(), row, column));
  return {data, data + PQgetlength(result_.get(), row, column)};
}

Hash32 PgResult::hash(int row, int column) const {
  Hash32 out{};
  if (is_null(row, column) ||
      static_cast<std::size_t>(PQgetlength(result_.get(), row, column)) != out.size()) {
    throw StoreError(
        StoreError::Kind::corrupt,
        "store: corrupt row: column " + std::to_string(column) + " is not a 32-byte hash");
  }
  std::memcpy(out.data(), PQgetvalue(result_.get(), row, column), out.size());
  return out;
}

std::int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(result_.get());
  return *n ? std::stoll(n) : 0;
}

PgStatement::PgStatement(PostgresConnection& connection, const std::string& name)
    : connection_(connection), name_(name) {}

PgStatement::Param& PgStatement::at(int index) {
  if (index < 1) throw std::logic_error("store: parameters are numbered from 1");
  if (params_.size() < static_cast<std::size_t>(index)) params_.resize(index);
  return params_[index - 1];
}

PgStatement& PgStatement::bind(int index, std::int64_t value) {
  at(index) = Param{std::to_string(value), {}, false, false};
  return *this;
}

PgStatement& PgStatement::bind(int index, std::string_view text) {
  at(index) = Param{std::string(text), {}, false, false};
  return *this;
}

PgStatement& PgStatement::bind_blob(int index, ByteView blob) {
  at(index) = Param{{}, blob, true, false};
  return *this;
}

PgStatement& PgStatement::bind_null(int index) {
  at(index) = Param{};
  return *this;
}

PgResult PgStatement::run() {
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  // An empty bytea still needs a non-null pointer, or libpq sends NULL.
  static const char empty = 0;
  for (const auto& p : params_) {
    if (p.null) {
      values.push_back(nullptr);
    } else if (p.binary) {
      values.push_back(p.blob.empty() ? &empty : reinterpret_cast<const char*>(p.blob.data()));
    } else {
      values.push_back(p.text.c_str());
    }
    lengths.push_back(p.binary ? static_cast<int>(p.blob.size()) : 0);
    formats.push_back(p.binary ? 1 : 0);
  }
  return connection_.run_prepared(name_, static_cast<int>(values.size()), values.data(),
                                  lengths.data(), formats.data());
}

namespace {

// libpq prints NOTICEs ("relation already exists, skipping") to stderr unless
// told otherwise; the store has nothing to say about them.
void ignore_notice(void*, const char*) {}

}  // namespace

PostgresConnection::PostgresConnection(PgConnectParams params) : params_(std::move(params)) {
  connect();
}

PostgresConnection::~PostgresConnection() {
  PQfinish(conn_);
}

void PostgresConnection::connect() {
  const std::string timeout = std::to_string(params_.connect_timeout_seconds);
  // Keywords are applied in order: the timeout comes before the URI so the URI
  // may override it; the password comes after so a file or the environment
  // wins over one written in the URI.
  const char* keys[] = {"connect_timeout", "dbname", "password", nullptr};
  const char* values[] = {timeout.c_str(), params_.url.c_str(),
                          params_.password.empty() ? nullptr : params_.password.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (conn_ == nullptr) throw PgError("store: " + label() + ": out of memory", "53200");
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = "store: " + label() + ": cannot connect: " + PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    // A missing password is a configuration error, not an outage.
    const bool needs_password = PQconnectionNeedsPassword(conn_) != 0;
    PQfinish(conn_);
    conn_ = nullptr;
    report(needs_password);  // a server that asks for a password is up
    throw PgError(message, needs_password ? "28P01" : std::string(kConnectionFailure));
  }
  report(true);
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
}

void PostgresConnection::reconnect() {
  statements_.clear();
  PQfinish(conn_);
  conn_ = nullptr;
  connect();
}

bool PostgresConnection::broken() const {
  return conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK;
}

bool PostgresConnection::in_transaction() const {
  return conn_ != nullptr && PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

int PostgresConnection::socket() const {
  return conn_ ? PQsocket(conn_) : -1;
}

bool PostgresConnection::take_notifications(std::vector<std::string>& payloads) {
  if (conn_ == nullptr || PQconsumeInput(conn_) == 0) {
    report(false);
    return false;
  }
  while (PGnotify* n = PQnotifies(conn_)) {
    payloads.emplace_back(n->extra);
    PQfreemem(n);
  }
  const bool alive = !broken();
  report(alive);
  return alive;
}

void PostgresConnection::report(bool answered) const {
  if (!params_.health) return;
  if (answered) {
    params_.health->answered();
  } else {
    params_.health->failed();
  }
}

int PostgresConnection::backend_pid() const {
  return conn_ ? PQbackendPID(conn_) : 0;
}

void PostgresConnection::exec(const std::string& sql) {
  checked(PQexec(conn_, sql.c_str()), "exec");
}

PgStatement PostgresConnection::prepare(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    std::string name = "l402d_" + std::to_string(statements_.size() + 1);
    const std::string text(sql);
    checked(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr), "prepare \"" + text + "\"");
    it = statements_.emplace(text, std::move(name)).first;
  }
  return PgStatement(*this, it->second);
}

PgResult PostgresConnection::run_prepared(const std::string& name, int count,
                                          const char* const* values, const int* lengths,
                                          const int* formats) {
  // Results in binary: bytea arrives as raw bytes, not hex to decode.
  return checked(PQexecPrepared(conn_, name.c_str(), count, values, lengths, formats, 1), name);
}

PgResult PostgresConnection::checked(pg_result* result, std::string_view what) const {
  PgResult owned(result);
  const auto status = PQresultStatus(result);
  if (result == nullptr || (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)) {
    fail(result, what);
  }
  report(true);
  return owned;
}

void PostgresConnection::fail(const pg_result* result, std::string_view what) const {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string reason = primary ? primary : (conn_ ? PQerrorMessage(conn_) : "no connection");
  while (!reason.empty() && (reason.back() == '\n' || reason.back() == ' '))
    reason.pop_back();
  // A session the server dropped may report a SQLSTATE of its own (57P01 for
  // pg_terminate_backend) or none at all; either way it is a lost connection.
  std::string sqlstate = state ? state : std::string(kConnectionFailure);
  if (broken() && postgres_error_kind(sqlstate) != StoreError::Kind::unavailable) {
    sqlstate = kConnectionFailure;
  }
  if (broken()) report(false);
  throw PgError("store: " + label() + ": " + std::string(what) + ": " + reason, sqlstate);
}

}  // namespace l402d::store
