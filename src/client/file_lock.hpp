#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace l402d::client {

// An exclusive flock(2) on a side file, held for the object's lifetime. The
// data files themselves are replaced by rename on every write, so a lock on
// them would be on an inode that disappears; the side file never changes.
class FileLock {
 public:
  // Creates `path` (mode 0600) if needed and blocks until the lock is ours.
  // Throws std::runtime_error naming the path on failure.
  explicit FileLock(const std::filesystem::path& path);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

// Creates `dir` and its parents with mode 0700 (the data directory holds
// credentials). Existing directories are left as they are.
void ensure_private_dir(const std::filesystem::path& dir);

// The whole file, or nullopt if it does not exist. Throws on other errors.
std::optional<std::string> read_file_if_exists(const std::filesystem::path& path);

}  // namespace l402d::client
