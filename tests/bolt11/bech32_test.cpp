#include "bolt11/bech32.hpp"

#include <gtest/gtest.h>

#include <random>

namespace l402d::bolt11 {
namespace {

constexpr std::size_t kNoCap = SIZE_MAX;

// BIP-173 "valid bech32" test vectors.
TEST(Bech32, Bip173ValidStrings) {
  for (const std::string_view s : {
           "A12UEL5L",
           "a12uel5l",
           "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5"
           "tgs",
           "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
           "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc82"
           "47j",
           "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
           "?1ezyfcl",
       }) {
    const auto d = bech32_decode(s, 90);
    ASSERT_TRUE(d.has_value()) << s;
    // Encoding gives back the lower-case form.
    std::string want(s);
    for (char& c : want)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(bech32_encode(d->hrp, d->words), want);
  }
}

TEST(Bech32, Bip173InvalidStrings) {
  struct Case {
    std::string_view text;
    Bech32Error error;
  };
  const Case cases[] = {
      {"pzry9x0s0muk", Bech32Error::no_separator},
      {"1pzry9x0s0muk", Bech32Error::no_separator},  // empty hrp
      {"x1b4n0q5v", Bech32Error::bad_char},          // 'b' is not in the alphabet
      {"li1dgmt3", Bech32Error::no_separator},       // checksum too short
      {"A1G7SGD8", Bech32Error::bad_checksum},       // checksum over upper-case hrp
      {"10a06t8", Bech32Error::no_separator},
      {"1qzzfhee", Bech32Error::no_separator},
      {"a12UEL5L", Bech32Error::mixed_case},
      {"a1 2uel5l", Bech32Error::bad_char},
      {std::string_view("a12uel5l\x7f", 9), Bech32Error::bad_char},
      {std::string_view("a12u\0el5l", 9), Bech32Error::bad_char},
      {"a1lqfn3a", Bech32Error::bad_checksum},  // valid bech32m, not bech32
      {"a12uel5m", Bech32Error::bad_checksum},
  };
  for (const auto& c : cases) {
    const auto d = bech32_decode(c.text, 90);
    ASSERT_FALSE(d.has_value()) << c.text;
    EXPECT_EQ(d.error(), c.error) << c.text;
  }
}

TEST(Bech32, LengthCapIsTheCallers) {
  const std::string long_one = bech32_encode("lnbc", std::vector<std::uint8_t>(500, 7));
  EXPECT_EQ(bech32_decode(long_one, 90).error(), Bech32Error::too_long);
  EXPECT_TRUE(bech32_decode(long_one, long_one.size()).has_value());
  EXPECT_EQ(bech32_decode(long_one, long_one.size() - 1).error(), Bech32Error::too_long);
  EXPECT_TRUE(bech32_decode(long_one, kNoCap).has_value());
}

TEST(Bech32, SeparatorIsTheLastOne) {
  const std::string s = bech32_encode("lntb1u", std::vector<std::uint8_t>{1, 2, 3});
  const auto d = bech32_decode(s, kNoCap);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->hrp, "lntb1u");
  EXPECT_EQ(d->words, (std::vector<std::uint8_t>{1, 2, 3}));
}

TEST(Bech32, UpperCaseDecodesToLowerHrp) {
  const auto d = bech32_decode("A12UEL5L", 90);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->hrp, "a");
}

TEST(Bech32, EncodeRejectsWordsOver31) {
  EXPECT_THROW(bech32_encode("a", std::vector<std::uint8_t>{32}), std::invalid_argument);
}

TEST(Bech32, BitConversionRoundTrips) {
  std::mt19937 rng(5);
  for (std::size_t n = 0; n < 80; ++n) {
    Bytes data(n);
    for (auto& b : data)
      b = static_cast<std::uint8_t>(rng());
    std::vector<std::uint8_t> words;
    bytes_to_words_append(words, data);
    EXPECT_EQ(words.size(), words_for_bytes(n));
    for (const auto w : words)
      EXPECT_LT(w, 32);
    EXPECT_EQ(words_to_bytes(words), data);
  }
}

TEST(Bech32, BitConversionKnownValues) {
  std::vector<std::uint8_t> words;
  bytes_to_words_append(words, Bytes{0xff});
  EXPECT_EQ(words, (std::vector<std::uint8_t>{31, 28}));  // 11111 111(00)
  words.clear();
  bytes_to_words_append(words, Bytes{0x00, 0x01});
  EXPECT_EQ(words, (std::vector<std::uint8_t>{0, 0, 0, 16}));
  // Trailing bits that do not make a byte are dropped.
  EXPECT_EQ(words_to_bytes(std::vector<std::uint8_t>{31, 28}), Bytes{0xff});
  EXPECT_EQ(words_to_bytes(std::vector<std::uint8_t>{31}), Bytes{});
}

}  // namespace
}  // namespace l402d::bolt11
