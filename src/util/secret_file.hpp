#pragma once

#include <filesystem>

#include "util/bytes.hpp"

namespace l402d {

// Loads a secret of exactly `size` bytes from `path`, or, when the file does not
// exist, creates it with fresh random bytes. The file is created with mode 0600,
// written to a temporary name, fsync'd and renamed into place (and the directory
// fsync'd) so that a crash never leaves a half-written key and a key that has
// been used to sign anything is already on stable storage.
// Throws std::runtime_error naming the path on any failure, including a file of
// the wrong size or one readable by group or others.
Bytes load_or_create_secret(const std::filesystem::path& path, std::size_t size);

// Writes `data` durably to `path` with mode 0600 (temporary file + fsync + rename).
void write_file_durably(const std::filesystem::path& path, ByteView data);

}  // namespace l402d
