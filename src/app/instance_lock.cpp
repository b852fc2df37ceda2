#include "app/instance_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace l402d::app {
namespace {

std::string holder_of(int fd) {
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string pid(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' '))
    pid.pop_back();
  return pid.empty() ? "another l402d" : "another l402d (pid " + pid + ")";
}

}  // namespace

InstanceLock::InstanceLock(const std::filesystem::path& database) {
  const auto path = std::filesystem::path(database.string() + ".serving");
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd_ < 0) {
    throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno));
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const std::string holder = holder_of(fd_);
    ::close(fd_);
    throw std::runtime_error(holder + " is already serving " + database.string() +
                             ". SQLite serves one instance; stop the other, or give this one "
                             "its own data_dir, or share PostgreSQL between instances.");
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  // The pid is only for the message a second server prints; the lock holds
  // whether or not it could be written.
  const bool written = ::ftruncate(fd_, 0) == 0 &&
                       ::pwrite(fd_, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
  (void)written;
}

InstanceLock::~InstanceLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace l402d::app
