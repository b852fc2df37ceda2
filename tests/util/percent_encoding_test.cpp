#include "util/percent_encoding.hpp"

#include <gtest/gtest.h>

namespace l402d::util {
namespace {

TEST(PercentEncoding, AUriComponentKeepsOnlyTheUnreservedCharacters) {
  EXPECT_EQ(percent_encoded("a b/c?d=e&f~g*h", PercentStyle::uri_component),
            "a%20b%2Fc%3Fd%3De%26f~g%2Ah");
}

TEST(PercentEncoding, AFormValueWritesSpaceAsPlusAndKeepsTheStar) {
  EXPECT_EQ(percent_encoded("a b~c*d", PercentStyle::form), "a+b%7Ec*d");
}

TEST(PercentEncoding, EveryByteOfUtf8IsEncodedInUpperCaseHex) {
  EXPECT_EQ(percent_encoded("\xc3\xa9", PercentStyle::uri_component), "%C3%A9");
  EXPECT_EQ(percent_encoded(std::string_view("\0", 1), PercentStyle::form), "%00");
}

}  // namespace
}  // namespace l402d::util
