#include "store/db_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "store/store_error.hpp"

namespace l402d::store {
namespace {

// A failed system call means the database cannot be reached (permissions, a
// full or failing disk): unavailable, as SQLITE_CANTOPEN would be.
[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  const int err = errno;  // before anything below can overwrite it
  throw StoreError(StoreError::Kind::unavailable,
                   "store: " + what + " " + path.string() + ": " + std::strerror(err));
}

[[noreturn]] void refuse(const std::filesystem::path& path, const std::string& why) {
  throw StoreError(StoreError::Kind::other, "store: database " + path.string() + " " + why);
}

void fsync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("cannot open directory", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) fail("cannot fsync directory", dir);
}

}  // namespace

void prepare_database_file(const std::filesystem::path& path) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    // O_CREAT applies the umask, which can only remove bits; fchmod makes the
    // mode exact regardless of it.
    const bool ok = ::fchmod(fd, 0600) == 0 && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) fail("cannot set up database file", path);
    // A root key committed to a file whose directory entry was lost is lost too.
    fsync_directory(path.parent_path());
    return;
  }
  if (errno != EEXIST) fail("cannot create database file", path);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) fail("cannot stat database file", path);
  if (!S_ISREG(st.st_mode)) refuse(path, "is not a regular file");
  if ((st.st_mode & 077) != 0) {
    refuse(path, "is accessible to group or others; run: chmod 600 " + path.string());
  }
}

void restrict_companion_files(const std::filesystem::path& path) {
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::filesystem::path companion(path.string() + suffix);
    if (::chmod(companion.c_str(), 0600) != 0 && errno != ENOENT) {
      fail("cannot restrict", companion);
    }
  }
}

}  // namespace l402d::store
