#include "util/auth_challenges.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace l402d {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

TEST(AuthChallenges, OneChallengeWithQuotedParameters) {
  const auto all = parse_auth_challenges(R"(L402 macaroon="AgEE", invoice="lnbcrt1")");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].scheme, "L402");
  EXPECT_EQ(all[0].token68, "");
  EXPECT_EQ(all[0].params, (Params{{"macaroon", "AgEE"}, {"invoice", "lnbcrt1"}}));
  EXPECT_EQ(all[0].param("invoice"), "lnbcrt1");
  EXPECT_EQ(all[0].param("token"), std::nullopt);
}

TEST(AuthChallenges, EmptyAndBlankValuesHoldNone) {
  EXPECT_TRUE(parse_auth_challenges("").empty());
  EXPECT_TRUE(parse_auth_challenges("   ").empty());
  EXPECT_TRUE(parse_auth_challenges(" , ,").empty());
}

TEST(AuthChallenges, SeveralChallengesInOneValue) {
  const auto all = parse_auth_challenges(
      R"(L402 macaroon="m", invoice="i", Payment id="a", realm="r", Basic realm="x")");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].scheme, "L402");
  EXPECT_EQ(all[0].params, (Params{{"macaroon", "m"}, {"invoice", "i"}}));
  EXPECT_EQ(all[1].scheme, "Payment");
  EXPECT_EQ(all[1].params, (Params{{"id", "a"}, {"realm", "r"}}));
  EXPECT_EQ(all[2].scheme, "Basic");
  EXPECT_EQ(all[2].params, (Params{{"realm", "x"}}));
}

TEST(AuthChallenges, NoSpaceAfterTheSeparatingComma) {
  const auto all = parse_auth_challenges(R"(Payment id="a", realm="r",Payment id="b")");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].params, (Params{{"id", "a"}, {"realm", "r"}}));
  EXPECT_EQ(all[1].params, (Params{{"id", "b"}}));
}

TEST(AuthChallenges, EmptyListElementsAreSkipped) {
  const auto all = parse_auth_challenges(R"(, A x="1" , , B y=2,)");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].scheme, "A");
  EXPECT_EQ(all[0].param("x"), "1");
  EXPECT_EQ(all[1].scheme, "B");
  EXPECT_EQ(all[1].param("y"), "2");
}

TEST(AuthChallenges, QuotedPairsAreUnescaped) {
  const auto all =
      parse_auth_challenges(R"(Payment realm="api \"quoted\" example", d="a\\b\\\\c")");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].param("realm"), "api \"quoted\" example");
  EXPECT_EQ(all[0].param("d"), "a\\b\\\\c");
}

TEST(AuthChallenges, SeparatorsInsideQuotedValuesAreNotStructure) {
  const auto all = parse_auth_challenges(
      R"(Payment id="a,b", realm="Payment id=c", description="one, two=three", method="x")");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].params, (Params{{"id", "a,b"},
                                   {"realm", "Payment id=c"},
                                   {"description", "one, two=three"},
                                   {"method", "x"}}));
}

TEST(AuthChallenges, TabAndObsTextInsideQuotes) {
  const auto all = parse_auth_challenges("Payment realm=\"tab\there\", d=\"caf\xc3\xa9\"");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].param("realm"), "tab\there");
  EXPECT_EQ(all[0].param("d"), "caf\xc3\xa9");
}

TEST(AuthChallenges, SchemeIsCaseInsensitiveAndParameterNamesAreLowerCased) {
  const auto all = parse_auth_challenges(R"(payment ID="a", Realm="R", ReQuEsT=cQ)");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].scheme, "payment");  // as sent
  EXPECT_TRUE(all[0].is("Payment"));
  EXPECT_TRUE(all[0].is("PAYMENT"));
  EXPECT_FALSE(all[0].is("Paymen"));
  EXPECT_EQ(all[0].params, (Params{{"id", "a"}, {"realm", "R"}, {"request", "cQ"}}));
}

TEST(AuthChallenges, UnquotedTokenValuesAndSpacesAroundEquals) {
  const auto all = parse_auth_challenges("Payment id=a, realm = r ,\tmethod\t=\t\"m\"");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].params, (Params{{"id", "a"}, {"realm", "r"}, {"method", "m"}}));
}

TEST(AuthChallenges, RepeatedParameterKeepsBothAndParamReturnsTheFirst) {
  const auto all = parse_auth_challenges(R"(Payment id="first", realm="r", id="second")");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].params.size(), 3u);
  EXPECT_EQ(all[0].param("id"), "first");
}

TEST(AuthChallenges, AnotherSchemesParametersDoNotLeakForward) {
  const auto all = parse_auth_challenges(
      R"(Basic realm="other", Payment id="a", realm="r", Digest realm="other", intent="bogus", )"
      R"(Payment id="b", intent="session")");
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[1].params, (Params{{"id", "a"}, {"realm", "r"}}));
  EXPECT_EQ(all[2].params, (Params{{"realm", "other"}, {"intent", "bogus"}}));
  EXPECT_EQ(all[3].params, (Params{{"id", "b"}, {"intent", "session"}}));
}

TEST(AuthChallenges, Token68) {
  const auto all = parse_auth_challenges("Basic YWxhZGRpbjpvcGVuc2VzYW1l, Bearer a-b._~+/c");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].scheme, "Basic");
  EXPECT_EQ(all[0].token68, "YWxhZGRpbjpvcGVuc2VzYW1l");
  EXPECT_TRUE(all[0].params.empty());
  EXPECT_EQ(all[1].token68, "a-b._~+/c");
}

TEST(AuthChallenges, Token68WithPadding) {
  // RFC 9110: token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=",
  // and an auth-param's value is a token (1*tchar) or a quoted-string, never
  // empty: `abc=` is a padded token68, and the challenges after it survive.
  const auto all = parse_auth_challenges(R"(Negotiate dXNlcjpwYXNz==, Payment id="x", realm="r")");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].token68, "dXNlcjpwYXNz==");
  EXPECT_TRUE(all[0].params.empty());
  EXPECT_EQ(all[1].params, (Params{{"id", "x"}, {"realm", "r"}}));
  const auto one = parse_auth_challenges("Bearer abc=");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].token68, "abc=");
}

TEST(AuthChallenges, SchemeWithoutParameters) {
  const auto all = parse_auth_challenges(R"(Negotiate, Basic realm="x")");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].scheme, "Negotiate");
  EXPECT_TRUE(all[0].params.empty());
  EXPECT_EQ(all[0].token68, "");
  EXPECT_EQ(all[1].param("realm"), "x");
}

TEST(AuthChallenges, MalformedTailEndsTheListWithoutThrowing) {
  auto all = parse_auth_challenges(R"(L402 macaroon="m", invoice="i" garbage "more")");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].params, (Params{{"macaroon", "m"}, {"invoice", "i"}}));

  all = parse_auth_challenges(R"(Basic realm="x", Payment id="unterminated)");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].param("realm"), "x");
  EXPECT_EQ(all[1].scheme, "Payment");
  EXPECT_TRUE(all[1].params.empty());

  all = parse_auth_challenges(R"(Payment id="a\)");
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].param("id"), std::nullopt);

  EXPECT_TRUE(parse_auth_challenges(R"("quoted" x=1)").empty());
}

}  // namespace
}  // namespace l402d
