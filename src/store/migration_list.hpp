#pragma once

// The schema's history, one list for every backend: each version means the same
// change in SQLite and PostgreSQL, so a database's schema_version says the same
// thing whichever backend wrote it. The only spelling that differs, the binary
// column type, is the placeholder {blob} (BLOB in SQLite, BYTEA in PostgreSQL).

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace l402d::store {

struct Migration {
  int version = 0;
  std::string_view name;
  std::string_view sql;  // one or more statements, with {blob} placeholders
};

// Every migration, in version order starting at 1. Appended to, never edited.
std::span<const Migration> migrations();
int latest_schema_version();
// Throws StoreError(other) naming `label` when a database is at a version this
// l402d does not know (written by a newer one): it must not be written to.
void refuse_newer_schema(int current, const std::string& label);

// The tables the latest schema has. A database at the latest version that
// lacks one was damaged or edited: every paid request would then fail, so
// start-up refuses it (refuse_missing_tables). A test keeps this list equal to
// what the migrations create.
std::span<const std::string_view> schema_tables();
// Throws StoreError(other) naming `label` and the tables in `missing`.
void refuse_missing_tables(const std::vector<std::string>& missing, const std::string& label);

// Replaces each {blob} with `blob_type`.
std::string render_migration(std::string_view sql, std::string_view blob_type);

}  // namespace l402d::store
