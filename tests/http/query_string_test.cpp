#include "http/query_string.hpp"

#include <gtest/gtest.h>

namespace l402d::http {
namespace {

TEST(QueryString, ReadsDecodedPairs) {
  const auto q = query_parameters("/api/admin/tokens?service=my%20api&state=paid&flag&x=a+b");
  EXPECT_EQ(q.at("service"), "my api");
  EXPECT_EQ(q.at("state"), "paid");
  EXPECT_EQ(q.at("flag"), "");
  EXPECT_EQ(q.at("x"), "a b");
  EXPECT_EQ(query_parameters("/qr.svg?a=1&text=x%2By+z").at("text"), "x+y z");
  EXPECT_FALSE(query_parameters("/qr.svg?texts=1").contains("text"));
}

TEST(QueryString, NoQueryIsEmpty) {
  EXPECT_TRUE(query_parameters("/api/admin/tokens").empty());
  EXPECT_TRUE(query_parameters("/api/admin/tokens?").empty());
}

TEST(QueryString, ABrokenEscapeIsKeptAsItIs) {
  EXPECT_EQ(query_parameters("/x?a=%zz%4").at("a"), "%zz%4");
  EXPECT_EQ(query_parameters("/x?text=100%").at("text"), "100%");
}

TEST(QueryString, TheLastOfARepeatedKeyWins) {
  EXPECT_EQ(query_parameters("/x?a=1&a=2").at("a"), "2");
}

}  // namespace
}  // namespace l402d::http
