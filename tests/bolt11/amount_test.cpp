#include "bolt11/amount.hpp"

#include <gtest/gtest.h>

#include <random>

namespace l402d::bolt11 {
namespace {

std::optional<std::uint64_t> msat(std::string_view text) {
  const auto a = parse_amount(text);
  EXPECT_TRUE(a.has_value()) << text;
  return a ? *a : std::nullopt;
}

std::string encoded(std::uint64_t m) {
  std::string s;
  append_amount(s, m);
  return s;
}

TEST(Amount, EmptyIsAnyAmount) {
  const auto a = parse_amount("");
  ASSERT_TRUE(a.has_value());
  EXPECT_FALSE(a->has_value());
}

TEST(Amount, EveryMultiplier) {
  EXPECT_EQ(msat("1"), 100'000'000'000u);
  EXPECT_EQ(msat("20m"), 2'000'000'000u);
  EXPECT_EQ(msat("2500u"), 250'000'000u);
  EXPECT_EQ(msat("1u"), 100'000u);
  EXPECT_EQ(msat("10n"), 1'000u);
  EXPECT_EQ(msat("1n"), 100u);
  EXPECT_EQ(msat("10p"), 1u);
  EXPECT_EQ(msat("9678785340p"), 967'878'534u);
  EXPECT_EQ(msat("1000u"), 100'000'000u);  // non-largest multipliers occur in the wild
}

TEST(Amount, RejectsMalformed) {
  for (const std::string_view bad : {"0",
                                     "0m",
                                     "0p",
                                     "01m",
                                     "007",
                                     "m",
                                     "p",
                                     "x",
                                     "2500x",
                                     "25mm",
                                     "2.5m",
                                     "-1",
                                     "+1",
                                     "1 m",
                                     "2500000001p",
                                     "1p",
                                     "15p",
                                     "99999999999999999999",
                                     "184467440737095516160m",
                                     "1844674407370955162",
                                     "1M",
                                     "u1"}) {
    EXPECT_FALSE(parse_amount(bad).has_value()) << bad;
  }
}

TEST(Amount, OverflowEdges) {
  EXPECT_EQ(msat("184467440737095516150p"), UINT64_MAX);  // max msat, written in pico
  EXPECT_FALSE(parse_amount("184467440737095516160p").has_value());
  EXPECT_EQ(msat("184467440737n"), 18'446'744'073'700u);
}

TEST(Amount, WritesShortestForm) {
  // eclair's "minimal unit" cases.
  EXPECT_EQ(encoded(1), "10p");
  EXPECT_EQ(encoded(100), "1n");
  EXPECT_EQ(encoded(101), "1010p");
  EXPECT_EQ(encoded(1'000), "10n");
  EXPECT_EQ(encoded(100'000), "1u");
  EXPECT_EQ(encoded(101'000), "1010n");
  EXPECT_EQ(encoded(100'000'000), "1m");
  EXPECT_EQ(encoded(250'000'000), "2500u");
  EXPECT_EQ(encoded(100'000'000'000), "1");
  EXPECT_EQ(encoded(967'878'534), "9678785340p");
  EXPECT_EQ(encoded(UINT64_MAX), "184467440737095516150p");
  std::string s;
  EXPECT_THROW(append_amount(s, 0), std::invalid_argument);
}

TEST(Amount, RandomRoundTrip) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20000; ++i) {
    std::uint64_t m = rng() >> (rng() % 64);
    m = m / (i % 7 == 0 ? 100'000 : 1) * (i % 7 == 0 ? 100'000 : 1);
    if (m == 0) m = 1;
    EXPECT_EQ(msat(encoded(m)), m);
  }
}

}  // namespace
}  // namespace l402d::bolt11
