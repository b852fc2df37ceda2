#include "admin/admin_token.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "../store/test_support.hpp"

namespace l402d::admin {
namespace {

using store::testing::TempDir;

TEST(AdminToken, IsCreatedOnceWithMode0600) {
  TempDir dir;
  const auto token = load_or_create_admin_token(dir.path());
  EXPECT_EQ(token.size(), 64u);
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() / "admin.token").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_EQ(load_or_create_admin_token(dir.path()), token);
  EXPECT_EQ(read_admin_token(dir.path()), token);
}

TEST(AdminToken, DiffersBetweenDataDirectories) {
  TempDir a, b;
  EXPECT_NE(load_or_create_admin_token(a.path()), load_or_create_admin_token(b.path()));
}

TEST(AdminToken, AFileOthersCanReadIsRefused) {
  TempDir dir;
  load_or_create_admin_token(dir.path());
  std::filesystem::permissions(dir.path() / "admin.token", std::filesystem::perms::group_read,
                               std::filesystem::perm_options::add);
  EXPECT_THROW(read_admin_token(dir.path()), std::runtime_error);
  EXPECT_THROW(load_or_create_admin_token(dir.path()), std::runtime_error);
}

TEST(AdminToken, AMalformedFileIsRefused) {
  TempDir dir;
  {
    std::ofstream out(dir.path() / "admin.token");
    out << "not a token\n";
  }
  std::filesystem::permissions(
      dir.path() / "admin.token",
      std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
      std::filesystem::perm_options::replace);
  EXPECT_THROW(read_admin_token(dir.path()), std::runtime_error);
}

TEST(AdminToken, ReadingAMissingFileDoesNotCreateIt) {
  TempDir dir;
  EXPECT_THROW(read_admin_token(dir.path()), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "admin.token"));
}

TEST(AdminToken, MatchesOnlyTheWholeToken) {
  const std::string token(64, 'a');
  EXPECT_TRUE(admin_token_matches(token, token));
  EXPECT_FALSE(admin_token_matches(token, std::string(63, 'a')));
  EXPECT_FALSE(admin_token_matches(token, std::string(63, 'a') + "b"));
  EXPECT_FALSE(admin_token_matches(token, ""));
  EXPECT_FALSE(admin_token_matches("", ""));
}

}  // namespace
}  // namespace l402d::admin
