// Trimming and protocol-token comparison.

#include "util/text.hpp"

#include <gtest/gtest.h>

namespace l402d {
namespace {

TEST(Text, TrimOwsTakesOnlySpacesAndTabs) {
  EXPECT_EQ(trim_ows(" \tL402 \t"), "L402");
  EXPECT_EQ(trim_ows("\nx\n"), "\nx\n");
  EXPECT_EQ(trim_space("\r\n x \n"), "x");
}

TEST(Text, IequalsAsciiFoldsLettersOnly) {
  EXPECT_TRUE(iequals_ascii("Content-Length", "content-length"));
  EXPECT_TRUE(iequals_ascii("X-PAYMENT", "x-payment"));
  EXPECT_FALSE(iequals_ascii("TE", "Te1"));
  EXPECT_FALSE(iequals_ascii("a@", "a`")) << "'@' and '`' differ only by the bit letters fold on";
  EXPECT_FALSE(iequals_ascii("[", "{"));
  EXPECT_TRUE(iequals_ascii("", ""));
}

}  // namespace
}  // namespace l402d
