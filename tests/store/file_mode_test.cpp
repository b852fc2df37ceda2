#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_fixture.hpp"

namespace l402d::store::testing {
namespace {

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return st.st_mode & 0777;
}

// Clears the umask for the test's duration: the store must not rely on it.
class PermissiveUmask {
 public:
  PermissiveUmask() : saved_(::umask(0)) {}
  ~PermissiveUmask() { ::umask(saved_); }
  PermissiveUmask(const PermissiveUmask&) = delete;
  PermissiveUmask& operator=(const PermissiveUmask&) = delete;

 private:
  mode_t saved_;
};

using FileMode = StoreTest;

TEST_F(FileMode, DatabaseAndWalFilesAre0600EvenWithAnOpenUmask) {
  PermissiveUmask umask_guard;
  auto store = open();
  store->put_root_key(hash_of("id"), hash_of("key"));
  EXPECT_EQ(mode_of(db_path()), 0600u);
  const std::filesystem::path wal(db_path().string() + "-wal");
  const std::filesystem::path shm(db_path().string() + "-shm");
  ASSERT_TRUE(std::filesystem::exists(wal)) << "WAL mode should keep a -wal file while open";
  EXPECT_EQ(mode_of(wal), 0600u);
  ASSERT_TRUE(std::filesystem::exists(shm));
  EXPECT_EQ(mode_of(shm), 0600u);
}

TEST_F(FileMode, MissingParentDirectoriesAreCreated) {
  auto o = options();
  o.path = dir_.path() / "a" / "b" / "store.sqlite";
  SqliteStore store(o);
  EXPECT_EQ(mode_of(o.path), 0600u);
}

TEST_F(FileMode, LooseCompanionFilesAreTightened) {
  { open(); }
  const std::filesystem::path wal(db_path().string() + "-wal");
  // An empty WAL is valid; give it the mode an older tool might have left.
  const int fd = ::open(wal.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ASSERT_GE(fd, 0);
  ::fchmod(fd, 0644);
  ::close(fd);
  ASSERT_EQ(mode_of(wal), 0644u);
  auto store = open();
  EXPECT_EQ(mode_of(wal), 0600u);
}

TEST_F(FileMode, ExistingDatabaseReadableByOthersIsRefused) {
  { open(); }
  ASSERT_EQ(::chmod(db_path().c_str(), 0644), 0);
  try {
    open();
    FAIL() << "a world-readable database was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(db_path().string()), std::string::npos) << e.what();
  }
  ASSERT_EQ(::chmod(db_path().c_str(), 0600), 0);
  EXPECT_NO_THROW(open());
}

}  // namespace
}  // namespace l402d::store::testing
