#pragma once

// The PostgreSQL password and the connection URI that may carry one. The
// password never reaches a log or an exception message: it is read here, handed
// to libpq apart from the URI, and every message names the URI redacted.

#include <filesystem>
#include <string>
#include <string_view>

namespace l402d::store {

// The environment variable that hands the password over (containers, secret
// managers); when set and not empty it wins over password_file.
inline constexpr std::string_view kStorePasswordEnv = "L402D_STORE_PASSWORD";

// `url` with the password of its user-info part (postgresql://user:PASSWORD@host)
// and any password=... parameter replaced by "***".
std::string redact_postgres_url(std::string_view url);

// L402D_STORE_PASSWORD if set and not empty, else the contents of `file`
// without surrounding whitespace, else "" (libpq then uses the URI, ~/.pgpass
// or no password). StoreError(other) naming the file, never its contents, when
// it cannot be read, is empty, or may be read by group or others.
std::string read_postgres_password(const std::filesystem::path& file);

}  // namespace l402d::store
