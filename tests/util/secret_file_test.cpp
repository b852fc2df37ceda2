#include "util/secret_file.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <system_error>

namespace l402d {
namespace {

namespace fs = std::filesystem;

class SecretFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("l402d-secret-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(SecretFileTest, CreatesOnceWithMode0600ThenLoadsTheSameBytes) {
  const auto path = dir_ / "sub" / "node.key";
  const auto first = load_or_create_secret(path, 32);
  ASSERT_EQ(first.size(), 32u);
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(load_or_create_secret(path, 32), first);
  EXPECT_FALSE(fs::exists(path.string() + ".tmp"));
}

// Issue 21: on a full disk the half-written file stayed forever, holding the
// space the next attempt needed. A file-size limit stands in for the full
// disk: the write fails part-way just the same.
TEST_F(SecretFileTest, AWriteThatRunsOutOfRoomLeavesNoPartialFileAndSaysWhy) {
  fs::create_directories(dir_);
  const auto path = dir_ / "song.mp3";
  rlimit before{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &before), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = before;
  small.rlim_cur = 64 * 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  std::error_code code;
  try {
    write_file_durably(path, Bytes(256 * 1024, 1));
  } catch (const std::system_error& e) {
    code = e.code();
  }
  ::setrlimit(RLIMIT_FSIZE, &before);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_EQ(code, std::errc::file_too_large);
  EXPECT_FALSE(fs::exists(path.string() + ".tmp"));
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(SecretFileTest, RefusesWrongSizeAndLoosePermissions) {
  fs::create_directories(dir_);
  const auto path = dir_ / "short.key";
  write_file_durably(path, Bytes(16, 7));
  EXPECT_THROW(load_or_create_secret(path, 32), std::runtime_error);
  const auto loose = dir_ / "loose.key";
  write_file_durably(loose, Bytes(32, 7));
  fs::permissions(loose, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_THROW(load_or_create_secret(loose, 32), std::runtime_error);
}

}  // namespace
}  // namespace l402d
