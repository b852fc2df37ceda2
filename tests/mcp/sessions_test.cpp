#include "mcp/sessions.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace l402d::mcp {
namespace {

TEST(Sessions, OpenFindEnd) {
  Sessions sessions(std::chrono::seconds(60), 10);
  const auto id = sessions.open({"2025-11-25", true});
  EXPECT_EQ(id.size(), 32u);
  auto found = sessions.find(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->revision, "2025-11-25");
  EXPECT_TRUE(found->mpp_payments);
  EXPECT_NE(sessions.open({"2025-11-25"}), id) << "random ids";
  EXPECT_TRUE(sessions.end(id));
  EXPECT_FALSE(sessions.find(id));
  EXPECT_FALSE(sessions.end(id));
}

TEST(Sessions, IdleSessionsAreForgotten) {
  Sessions sessions(std::chrono::seconds(0), 10);
  const auto id = sessions.open({"2025-11-25"});
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(sessions.find(id));
}

TEST(Sessions, CapacityDropsTheLeastRecentlyUsed) {
  Sessions sessions(std::chrono::seconds(60), 2);
  const auto a = sessions.open({"a"});
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const auto b = sessions.open({"b"});
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ASSERT_TRUE(sessions.find(a));  // a is now more recent than b
  const auto c = sessions.open({"c"});
  EXPECT_EQ(sessions.size(), 2u);
  EXPECT_TRUE(sessions.find(a));
  EXPECT_FALSE(sessions.find(b));
  EXPECT_TRUE(sessions.find(c));
}

}  // namespace
}  // namespace l402d::mcp
