#pragma once

// One serving process per SQLite database. SQLite is the single-instance
// store (several instances share PostgreSQL), and the server relies on that
// at start: every claim on a token still marked in progress in the database
// belongs to a process that has died, so its lease can end at once instead of
// making the buyer's retry wait out the job timeout. A second server on the
// same database would break that, so it is refused.

#include <filesystem>

namespace l402d::app {

class InstanceLock {
 public:
  // Takes an exclusive flock(2) on `<database>.serving` (created 0600, holding
  // the pid), without waiting. Throws std::runtime_error when another process
  // holds it, naming that process and the database.
  explicit InstanceLock(const std::filesystem::path& database);
  ~InstanceLock();
  InstanceLock(const InstanceLock&) = delete;
  InstanceLock& operator=(const InstanceLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace l402d::app
