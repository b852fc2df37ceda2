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

// Vectors from Aperture's cross-implementation set (mpp/testdata/vectors.json).
TEST(Base64Url, EncodesWithoutPaddingInTheUrlSafeAlphabet) {
  EXPECT_EQ(base64url_encode(Bytes{}), "");
  EXPECT_EQ(base64url_encode(Bytes{0x00}), "AA");
  EXPECT_EQ(base64url_encode(Bytes{0xff, 0xfe}), "__4");
  EXPECT_EQ(base64url_encode(Bytes{0xff, 0xfe, 0xfd}), "__79");
  EXPECT_EQ(base64url_encode(std::string_view("hello")), "aGVsbG8");
  EXPECT_EQ(base64url_encode(Bytes{0xfb, 0xff, 0xbf, 0x03, 0xef, 0xff}), "-_-_A-__");
  EXPECT_EQ(base64url_encode(std::string_view(R"({"amount":"100","currency":"sat"})")),
            "eyJhbW91bnQiOiIxMDAiLCJjdXJyZW5jeSI6InNhdCJ9");
  // RFC 4648 section 10, unpadded.
  EXPECT_EQ(base64url_encode(std::string_view("f")), "Zg");
  EXPECT_EQ(base64url_encode(std::string_view("fo")), "Zm8");
  EXPECT_EQ(base64url_encode(std::string_view("foo")), "Zm9v");
  EXPECT_EQ(base64url_encode(std::string_view("foob")), "Zm9vYg");
  EXPECT_EQ(base64url_encode(std::string_view("fooba")), "Zm9vYmE");
  EXPECT_EQ(base64url_encode(std::string_view("foobar")), "Zm9vYmFy");
}

TEST(Base64Url, DiffersFromStandardOnlyInAlphabetAndPadding) {
  const Bytes data = {0xfb, 0xff, 0xbf, 0x01};
  EXPECT_EQ(base64_encode(data), "+/+/AQ==");
  EXPECT_EQ(base64url_encode(data), "-_-_AQ");
}

TEST(Base64Url, RoundTripsThroughTheLenientDecoderAtEveryLength) {
  Bytes data;
  for (int n = 0; n < 70; ++n) {
    const auto text = base64url_encode(data);
    ASSERT_EQ(text.find_first_of("+/="), std::string::npos) << text;
    ASSERT_EQ(base64_decode(text), data) << n;
    data.push_back(static_cast<std::uint8_t>(255 - n * 29));
  }
  EXPECT_EQ(base64_decode("aGVsbG8="), bytes_of("hello"));  // padded input decodes too
}

}  // namespace
}  // namespace l402d
