#include "util/secret_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>

#include "util/crypto.hpp"

namespace l402d {
namespace {

// A system_error keeps errno, so callers can tell a full disk from a fault.
[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

void fsync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("cannot open directory", dir);
  ::fsync(fd);
  ::close(fd);
}

void write_all(int fd, ByteView data, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", path);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) fail("cannot fsync", path);
}

}  // namespace

void write_file_durably(const std::filesystem::path& path, ByteView data) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  const auto tmp = std::filesystem::path(path.string() + ".tmp");
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) fail("cannot create", tmp);
  // A half-written file must not outlive a failure: on a full disk it would
  // hold the very space the next attempt needs.
  const auto discard = [&tmp] {
    const int saved = errno;
    ::unlink(tmp.c_str());
    errno = saved;
  };
  try {
    ::fchmod(fd, 0600);  // O_CREAT honours the umask; an existing file keeps its mode
    write_all(fd, data, tmp);
  } catch (...) {
    ::close(fd);
    discard();
    throw;
  }
  if (::close(fd) != 0) {
    discard();
    fail("cannot close", tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    discard();
    fail("cannot rename into", path);
  }
  fsync_directory(path.parent_path());
}

Bytes load_or_create_secret(const std::filesystem::path& path, std::size_t size) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno != ENOENT) fail("cannot open secret file", path);
    Bytes secret(size);
    random_bytes(secret);
    write_file_durably(path, secret);
    return secret;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    fail("cannot stat", path);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    throw std::runtime_error("secret file " + path.string() +
                             " is not a regular file (a directory?); it must hold the key's " +
                             std::to_string(size) + " bytes");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    throw std::runtime_error("secret file " + path.string() +
                             " is readable by group or others; run: chmod 600 " + path.string());
  }
  Bytes secret(size + 1);
  std::size_t got = 0;
  while (got < secret.size()) {
    const ssize_t n = ::read(fd, secret.data() + got, secret.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      fail("cannot read", path);
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (got != size) {
    secure_wipe(secret);
    throw std::runtime_error("secret file " + path.string() + " has " + std::to_string(got) +
                             " bytes, expected " + std::to_string(size));
  }
  secret.resize(size);
  return secret;
}

}  // namespace l402d
