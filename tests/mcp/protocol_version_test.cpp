#include "mcp/protocol_version.hpp"

#include <gtest/gtest.h>

namespace l402d::mcp {
namespace {

TEST(ProtocolVersion, NegotiatesTheClientsRevisionWhenSpoken) {
  EXPECT_EQ(negotiate("2025-11-25"), "2025-11-25");
  EXPECT_EQ(negotiate("2025-06-18"), "2025-06-18");
  EXPECT_EQ(negotiate("2025-03-26"), "2025-03-26");
  EXPECT_EQ(negotiate("2024-11-05"), "2024-11-05");
  EXPECT_EQ(negotiate("2030-01-01"), kLatestRevision) << "else our newest";
  EXPECT_FALSE(is_supported("2024-10-07"));
}

TEST(ProtocolVersion, BatchesAndResourceLinksFollowTheRevision) {
  EXPECT_TRUE(allows_batches("2025-03-26"));
  EXPECT_TRUE(allows_batches("2024-11-05"));
  EXPECT_FALSE(allows_batches("2025-06-18"));
  EXPECT_FALSE(allows_batches("2025-11-25"));
  EXPECT_FALSE(has_resource_links("2025-03-26"));
  EXPECT_TRUE(has_resource_links("2025-11-25"));
}

}  // namespace
}  // namespace l402d::mcp
