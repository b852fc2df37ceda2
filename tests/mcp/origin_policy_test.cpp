#include "mcp/origin_policy.hpp"

#include <gtest/gtest.h>

namespace l402d::mcp {
namespace {

TEST(OriginPolicy, NoOriginIsNotABrowser) {
  EXPECT_TRUE(OriginPolicy({}).allows("", "https://ai.example.com"));
}

TEST(OriginPolicy, ThePublicUrlsOriginAndConfiguredOnesPass) {
  OriginPolicy policy({"http://localhost:6274"});
  EXPECT_TRUE(policy.allows("https://AI.example.com", "https://ai.example.com/base/"));
  EXPECT_TRUE(policy.allows("http://localhost:6274", "https://ai.example.com"));
  EXPECT_FALSE(policy.allows("https://evil.example", "https://ai.example.com"));
  EXPECT_FALSE(policy.allows("http://ai.example.com", "https://ai.example.com")) << "scheme counts";
  EXPECT_FALSE(policy.allows("http://localhost:6275", "https://ai.example.com")) << "port counts";
  EXPECT_FALSE(policy.allows("null", "https://ai.example.com"));
}

TEST(OriginPolicy, StarAllowsAny) {
  EXPECT_TRUE(OriginPolicy({"*"}).allows("https://evil.example", "https://ai.example.com"));
}

}  // namespace
}  // namespace l402d::mcp
