// Free paths: an exact path, or everything under an entry ending with '/'.

#include "access/access_rules.hpp"

#include <gtest/gtest.h>

namespace l402d::access {
namespace {

TEST(AccessRules, AFreePathMatchesExactly) {
  const std::vector<std::string> paths = {"/health"};
  EXPECT_TRUE(is_free_path(paths, "/health"));
  EXPECT_FALSE(is_free_path(paths, "/healthz"));
  EXPECT_FALSE(is_free_path(paths, "/health/deep"));
  EXPECT_FALSE(is_free_path({}, "/health"));
}

TEST(AccessRules, AnEntryEndingWithASlashCoversThePathsUnderIt) {
  const std::vector<std::string> paths = {"/v1/models/"};
  EXPECT_TRUE(is_free_path(paths, "/v1/models/"));
  EXPECT_TRUE(is_free_path(paths, "/v1/models/llava"));
  EXPECT_FALSE(is_free_path(paths, "/v1/models"));
  EXPECT_FALSE(is_free_path(paths, "/v1/modelsx"));
}

TEST(AccessRules, AuthNamesAreTheConfigurationsWords) {
  EXPECT_EQ(to_string(AccessRules::Auth::on), "on");
  EXPECT_EQ(to_string(AccessRules::Auth::off), "off");
  EXPECT_EQ(to_string(AccessRules::Auth::freebies), "freebies");
}

}  // namespace
}  // namespace l402d::access
