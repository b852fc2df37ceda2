#include "admin/query_params.hpp"

#include <gtest/gtest.h>

#include "admin/admin_json.hpp"

namespace l402d::admin {
namespace {

TEST(AdminQuery, ReadsDecodedPairs) {
  const auto q = parse_query("/api/admin/tokens?service=my%20api&state=paid&flag&x=a+b");
  EXPECT_EQ(q.at("service"), "my api");
  EXPECT_EQ(q.at("state"), "paid");
  EXPECT_EQ(q.at("flag"), "");
  EXPECT_EQ(q.at("x"), "a b");
}

TEST(AdminQuery, NoQueryIsEmpty) {
  EXPECT_TRUE(parse_query("/api/admin/tokens").empty());
  EXPECT_TRUE(parse_query("/api/admin/tokens?").empty());
}

TEST(AdminQuery, ABrokenEscapeIsKeptAsItIs) {
  EXPECT_EQ(parse_query("/x?a=%zz%4").at("a"), "%zz%4");
}

TEST(AdminJson, DaysAreUtcDates) {
  EXPECT_EQ(utc_date(0), "1970-01-01");
  EXPECT_EQ(utc_date(20'000), "2024-10-04");
  EXPECT_EQ(utc_date(1'763'683'200 / 86400), "2025-11-21");
}

}  // namespace
}  // namespace l402d::admin
