#include "util/hex.hpp"

#include <gtest/gtest.h>

namespace l402d {
namespace {

TEST(Hex, RoundTripsAllByteValues) {
  Bytes all(256);
  for (int i = 0; i < 256; ++i)
    all[i] = static_cast<std::uint8_t>(i);
  const auto text = to_hex(all);
  EXPECT_EQ(text.substr(0, 8), "00010203");
  EXPECT_EQ(text.substr(text.size() - 4), "feff");
  EXPECT_EQ(from_hex(text), all);
}

TEST(Hex, AppendKeepsWhatIsThere) {
  std::string out = "id=";
  append_hex(out, Bytes{0x00, 0xff, 0x1a});
  EXPECT_EQ(out, "id=00ff1a");
}

TEST(Hex, AcceptsEitherCase) {
  EXPECT_EQ(from_hex("aBcD"), (Bytes{0xab, 0xcd}));
}

TEST(Hex, RejectsOddLengthAndNonHex) {
  EXPECT_FALSE(from_hex("abc"));
  EXPECT_FALSE(from_hex("zz"));
  EXPECT_FALSE(from_hex("0g"));
  EXPECT_FALSE(from_hex_array<2>("abcdef"));
  EXPECT_TRUE(from_hex_array<3>("abcdef"));
}

}  // namespace
}  // namespace l402d
