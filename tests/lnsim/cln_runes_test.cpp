// Runes against ccan/rune's own test vectors (secret: 16 zero bytes), and
// checkrune's answers.

#include "lnsim/cln_runes.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "util/base64.hpp"
#include "util/hex.hpp"

namespace l402d::lnsim {
namespace {

namespace json = boost::json;

// VALID lines of ccan/ccan/rune/test/test_vectors.csv: restrictions, then the
// rune in hex-and-text form (its hash) and base64.
struct Vector {
  const char* restrictions;
  const char* hash_hex;
  const char* base64;
};
constexpr Vector kVectors[] = {
    {"", "374708fff7719dd5979ec875d56cd2286f6d3cf7ec317a3b25632aab28ec37bb",
     "N0cI__dxndWXnsh11WzSKG9tPPfsMXo7JWMqqyjsN7s="},
    {"=1", "6035731a2cbb022cbeb67645aa0f8a26653d8cc454e0e087d4d19d282b8da4bd",
     "YDVzGiy7Aiy-tnZFqg-KJmU9jMRU4OCH1NGdKCuNpL09MQ=="},
    {"f1=v1", "745c6e39cd41ee9f8388af8ad882bae4ee4e8f6b373f7682cc64d8574551fa5f",
     "dFxuOc1B7p-DiK-K2IK65O5Oj2s3P3aCzGTYV0VR-l9mMT12MQ=="},
    {"f1/v1", "c9236a6532bfa8e24bec9a66e96af3fb355f817770e79c5a81f6dd0b5ed20e47",
     "ySNqZTK_qOJL7Jpm6Wrz-zVfgXdw55xagfbdC17SDkdmMS92MQ=="},
};

TEST(ClnRunes, ReproducesTheLibraryVectors) {
  const Bytes zero(16, 0);
  for (const auto& v : kVectors) {
    auto restrictions = decode_restrictions(v.restrictions);
    ASSERT_TRUE(restrictions.has_value()) << v.restrictions;
    EXPECT_EQ(to_hex(rune_authcode(zero, *restrictions)), v.hash_hex) << v.restrictions;
    EXPECT_EQ(encode_restrictions(*restrictions), v.restrictions);
    auto raw = base64_decode(v.base64);
    ASSERT_TRUE(raw.has_value());
    EXPECT_EQ(to_hex(ByteView(*raw).first(32)), v.hash_hex);
  }
}

TEST(ClnRunes, EscapesRoundTrip) {
  const std::vector<RuneRestriction> r = {{{"f1", '=', "a|b&c\\d"}},
                                          {{"g", '^', "x"}, {"h", '!', ""}}};
  const std::string text = encode_restrictions(r);
  EXPECT_EQ(text, "f1=a\\|b\\&c\\\\d&g^x|h!");
  auto back = decode_restrictions(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(encode_restrictions(*back), text);
}

TEST(ClnRunes, CheckruneAnswers) {
  RuneMaster master(Bytes(16, 7));
  const std::string admin = master.create(0, {});
  // A missing parameter fails "/" as lightningd's does: allow it with "!".
  const std::string reader =
      master.create(1, {{{"method", '^', "list"}, {"method", '=', "getinfo"}},
                        {{"pnamelabel", '!', ""}, {"pnamelabel", '/', "secret"}}});
  const json::object none;
  EXPECT_FALSE(master.check(admin, "xpay", none).has_value());
  EXPECT_FALSE(master.check(reader, "listinvoices", none).has_value());
  EXPECT_FALSE(master.check(reader, "getinfo", none).has_value());

  auto denied = master.check(reader, "invoice", none);
  ASSERT_TRUE(denied.has_value());
  EXPECT_EQ(denied->code, 1502);
  EXPECT_EQ(denied->message,
            "Not permitted: method does not start with list AND method is not equal to getinfo");

  auto label =
      master.check(reader, "listinvoices", json::parse(R"({"label":"secret"})").as_object());
  ASSERT_TRUE(label.has_value());
  // Only the leading field name is put into words, as in runes.c.
  EXPECT_EQ(label->message,
            "Not permitted: parameter label is present AND pnamelabel is equal to secret");

  RuneMaster other(Bytes(16, 8));
  auto foreign = master.check(other.create(0, {}), "getinfo", none);
  ASSERT_TRUE(foreign.has_value());
  EXPECT_EQ(foreign->code, 1501);
  EXPECT_EQ(foreign->message, "Not authorized: Not derived from master");

  auto garbage = master.check("!!!", "getinfo", none);
  ASSERT_TRUE(garbage.has_value());
  EXPECT_EQ(garbage->code, -32602);
}

}  // namespace
}  // namespace l402d::lnsim
