#pragma once

// Permissions of the database file and its WAL companions. The database holds
// root keys and invoice preimages, so it must never be readable by group or
// others, whatever the process umask says.

#include <filesystem>

namespace l402d::store {

// Creates `path` (and its parent directories) with mode 0600 before SQLite opens
// it, and makes the new directory entry durable. An existing file that group or
// others may read is refused, as util/secret_file.hpp refuses key files.
// Throws StoreError naming the path: unavailable when a system call fails,
// other when the file is refused.
void prepare_database_file(const std::filesystem::path& path);

// Restricts `path`-wal and `path`-shm to 0600 when they exist. SQLite gives them
// the database file's mode, but files left by an older run may differ.
void restrict_companion_files(const std::filesystem::path& path);

}  // namespace l402d::store
