#include "admin/admin_json.hpp"

#include <gtest/gtest.h>

namespace l402d::admin {
namespace {

TEST(AdminJson, DaysAreUtcDates) {
  EXPECT_EQ(utc_date(0), "1970-01-01");
  EXPECT_EQ(utc_date(20'000), "2024-10-04");
  EXPECT_EQ(utc_date(1'763'683'200 / 86400), "2025-11-21");
}

}  // namespace
}  // namespace l402d::admin
