#include "util/base64.hpp"

#include <gtest/gtest.h>

#include <string>

namespace l402d {
namespace {

Bytes bytes_of(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

TEST(Base64, EncodesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(bytes_of("")), "");
  EXPECT_EQ(base64_encode(bytes_of("f")), "Zg==");
  EXPECT_EQ(base64_encode(bytes_of("fo")), "Zm8=");
  EXPECT_EQ(base64_encode(bytes_of("foo")), "Zm9v");
  EXPECT_EQ(base64_encode(bytes_of("foobar")), "Zm9vYmFy");
}

TEST(Base64, DecodesStandardAndUrlSafePaddedOrNot) {
  const Bytes data = {0xfb, 0xff, 0xbf, 0x01};
  EXPECT_EQ(base64_encode(data), "+/+/AQ==");
  EXPECT_EQ(base64_decode("+/+/AQ=="), data);
  EXPECT_EQ(base64_decode("+/+/AQ"), data);
  EXPECT_EQ(base64_decode("-_-_AQ=="), data);
  EXPECT_EQ(base64_decode("-_-_AQ"), data);
}

TEST(Base64, RoundTripsEveryLength) {
  Bytes data;
  for (int n = 0; n < 70; ++n) {
    ASSERT_EQ(base64_decode(base64_encode(data)), data) << n;
    data.push_back(static_cast<std::uint8_t>(n * 37 + 11));
  }
}

TEST(Base64, RejectsGarbage) {
  EXPECT_FALSE(base64_decode("Zm9v!"));
  EXPECT_FALSE(base64_decode("Z"));         // one char cannot hold a byte
  EXPECT_FALSE(base64_decode("Zm9 v"));     // whitespace inside
  EXPECT_FALSE(base64_decode("Zm9vY==="));  // three pad chars
  EXPECT_FALSE(base64_decode("Zm=9v"));     // pad in the middle
}

}  // namespace
}  // namespace l402d
