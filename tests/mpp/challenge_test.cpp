#include "mpp/challenge.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "util/hex.hpp"

namespace l402d::mpp {
namespace {

// The request of Aperture's "minimal charge challenge" vector.
constexpr std::string_view kRequest =
    "eyJhbW91bnQiOiIxMDAiLCJjdXJyZW5jeSI6InNhdCIsImRlc2NyaXB0aW9uIjoiV2VhdGhlciByZXBvcnQiLCJtZXRo"
    "b2REZXRhaWxzIjp7Imludm9pY2UiOiJsbmJjMXUxcGV4YW1wbGUiLCJuZXR3b3JrIjoibWFpbm5ldCIsInBheW1lbnRI"
    "YXNoIjoiYmMyMzA4NDcifX0";

ChallengeParams minimal() {
  ChallengeParams p;
  p.id = "x7Tg2pLqR9mKvNwY3hBcZa";
  p.realm = "api.example.com";
  p.method = "lightning";
  p.intent = "charge";
  p.request = std::string(kRequest);
  return p;
}

ChallengeParams full() {
  ChallengeParams p;
  p.id = "kM9xPqWvT2nJrHsY4aDfEb";
  p.realm = "api.example.com";
  p.method = "lightning";
  p.intent = "session";
  p.request = "eyJhbW91bnQiOiIzIn0";
  p.expires = "2026-03-15T12:05:00Z";
  p.digest = "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:";
  p.description = "Inference session";
  p.opaque = "eyJvcmRlcklkIjoiMTIzIn0";
  return p;
}

TEST(MppChallenge, FormatsTheRequiredParameters) {
  EXPECT_EQ(format_challenge(minimal()),
            "Payment id=\"x7Tg2pLqR9mKvNwY3hBcZa\", realm=\"api.example.com\", "
            "method=\"lightning\", intent=\"charge\", request=\"" +
                std::string(kRequest) + "\"");
}

TEST(MppChallenge, FormatsEveryParameterInOrder) {
  EXPECT_EQ(format_challenge(full()),
            "Payment id=\"kM9xPqWvT2nJrHsY4aDfEb\", realm=\"api.example.com\", "
            "method=\"lightning\", intent=\"session\", request=\"eyJhbW91bnQiOiIzIn0\", "
            "expires=\"2026-03-15T12:05:00Z\", "
            "digest=\"sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:\", "
            "description=\"Inference session\", opaque=\"eyJvcmRlcklkIjoiMTIzIn0\"");
}

TEST(MppChallenge, EscapesQuotesAndBackslashesAsQuotedPairs) {
  auto p = minimal();
  p.id = "quote-id";
  p.realm = "api \"quoted\" example";
  p.description = "say \"hi\"";
  EXPECT_EQ(format_challenge(p),
            "Payment id=\"quote-id\", realm=\"api \\\"quoted\\\" example\", method=\"lightning\", "
            "intent=\"charge\", request=\"" +
                std::string(kRequest) + "\", description=\"say \\\"hi\\\"\"");
  p.realm = "a\\b\\\\c";
  p.description.clear();
  EXPECT_EQ(format_challenge(p),
            "Payment id=\"quote-id\", realm=\"a\\\\b\\\\\\\\c\", "
            "method=\"lightning\", intent=\"charge\", request=\"" +
                std::string(kRequest) + "\"");
}

TEST(MppChallenge, ParsesWhatItFormats) {
  for (auto p : {minimal(), full()}) {
    EXPECT_EQ(parse_challenges(format_challenge(p)), std::vector{p});
  }
  auto tricky = full();
  tricky.realm = "one, two=three \"q\" \\ \tcaf\xc3\xa9";
  tricky.description = "Payment id=\"spoofed\"";
  EXPECT_EQ(parse_challenges(format_challenge(tricky)), std::vector{tricky});
}

TEST(MppChallenge, ParsesAperturesHeaderVectors) {
  const auto got = parse_challenges(
      "Payment id=\"backslash-id\", realm=\"a\\\\b\\\\\\\\c\", method=\"lightning\", "
      "intent=\"charge\", request=\"cQ\"");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, "backslash-id");
  EXPECT_EQ(got[0].realm, "a\\b\\\\c");
}

TEST(MppChallenge, SplitsSeveralChallengesAndSkipsOtherSchemes) {
  const auto got = parse_challenges(
      "L402 macaroon=\"m\", invoice=\"i\", Basic realm=\"other\", "
      "Payment id=\"charge-id\", realm=\"api.example.com\", method=\"lightning\", "
      "intent=\"charge\", request=\"Q0hBUkdF\",Payment id=\"session-id\", "
      "realm=\"api.example.com\", "
      "method=\"lightning\", intent=\"session\", request=\"U0VTU0lPTg\" , , Digest realm=\"x\", "
      "intent=\"bogus\"");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].id, "charge-id");
  EXPECT_EQ(got[0].intent, "charge");
  EXPECT_EQ(got[0].request, "Q0hBUkdF");
  EXPECT_EQ(got[1].id, "session-id");
  EXPECT_EQ(got[1].intent, "session");
  EXPECT_EQ(got[1].request, "U0VTU0lPTg");
}

TEST(MppChallenge, CaseInsensitiveNamesAndUnquotedTokens) {
  const auto got = parse_challenges(
      "payment ID=a, Realm=r, METHOD=lightning, intent=charge, "
      "ReQuEsT=cQ");
  ASSERT_EQ(got.size(), 1u);
  ChallengeParams want;
  want.id = "a";
  want.realm = "r";
  want.method = "lightning";
  want.intent = "charge";
  want.request = "cQ";
  EXPECT_EQ(got[0], want);
}

TEST(MppChallenge, RepeatedParameterTakesTheFirst) {
  const auto got = parse_challenges(
      "Payment id=\"first\", realm=\"r\", method=\"lightning\", intent=\"charge\", request=\"cQ\", "
      "id=\"second\", intent=\"session\"");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, "first");
  EXPECT_EQ(got[0].intent, "charge");
}

TEST(MppChallenge, IncompleteOffersAreSkipped) {
  const auto got = parse_challenges(
      "Payment id=\"a\", realm=\"r\", Payment id=\"b\", realm=\"r\", method=\"lightning\", "
      "intent=\"session\", request=\"cQ\"");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, "b");
  EXPECT_TRUE(parse_challenges("Payment id=\"a\", realm=\"r\"").empty());
  EXPECT_TRUE(parse_challenges("Basic realm=\"other\"").empty());
  EXPECT_TRUE(parse_challenges("").empty());
  // Each required parameter in turn.
  for (const char* missing : {"id", "realm", "method", "intent", "request"}) {
    std::string header = "Payment";
    for (const char* name : {"id", "realm", "method", "intent", "request"}) {
      if (std::string_view(name) == missing) continue;
      header += std::string(header == "Payment" ? " " : ", ") + name + "=\"v\"";
    }
    EXPECT_TRUE(parse_challenges(header).empty()) << header;
  }
}

TEST(MppChallenge, ReadsEveryWwwAuthenticateValue) {
  const std::string a = format_challenge(minimal());
  const std::string b = format_challenge(full());
  const std::vector<std::string_view> values{"L402 macaroon=\"m\", invoice=\"i\"", a, b};
  EXPECT_EQ(parse_challenges(values), (std::vector{minimal(), full()}));
}

// Aperture's challengeIds vectors: secret "mpp-test-vector-secret".
class MppBinderVectors : public ::testing::Test {
 protected:
  const Bytes secret = *from_hex("6d70702d746573742d766563746f722d736563726574");
  ChallengeBinder binder{secret};
};

TEST_F(MppBinderVectors, RequiredSlotsOnly) {
  ChallengeParams p;
  p.realm = "api.example.com";
  p.method = "lightning";
  p.intent = "charge";
  p.request = "eyJhbW91bnQiOiIxMDAifQ";
  // HMAC-SHA256 of "api.example.com|lightning|charge|eyJhbW91bnQiOiIxMDAifQ|||".
  EXPECT_EQ(binder.id_for(p), "_9D0WlPoPRltxAd6AdpQd6auVOOeQGJ_J8BkGeBE_bU");
}

TEST_F(MppBinderVectors, EverySlotPopulatedAndDescriptionNotCovered) {
  ChallengeParams p;
  p.realm = "api.example.com";
  p.method = "lightning";
  p.intent = "session";
  p.request = "eyJhbW91bnQiOiIzIn0";
  p.expires = "2026-03-15T12:05:00Z";
  p.digest = "sha-256=:X48E9q:";
  p.description = "not covered by the HMAC";
  p.opaque = "eyJvcmRlcklkIjoiMTIzIn0";
  EXPECT_EQ(binder.id_for(p), "Wb8N5-PD4XjMfYGzuuY2bdpsrCQZzkQUX-A_ByIetHw");
  p.description = "something else";
  EXPECT_EQ(binder.id_for(p), "Wb8N5-PD4XjMfYGzuuY2bdpsrCQZzkQUX-A_ByIetHw");
}

TEST_F(MppBinderVectors, PipesAreNotEscaped) {
  ChallengeParams p;
  p.realm = "a|b";
  p.method = "lightning";
  p.intent = "charge";
  p.request = "cQ";
  EXPECT_EQ(binder.id_for(p), "hE7mzL8ATHSnNdtPSJsxCRkpoUjIlf1sQErzg-VsbAA");
  p.realm = "a";
  p.method = "b|lightning";
  EXPECT_EQ(binder.id_for(p), "hE7mzL8ATHSnNdtPSJsxCRkpoUjIlf1sQErzg-VsbAA");
}

// Computed independently:
//   printf '%s' 'shop.example|lightning|charge|eyJhbW91bnQiOiIyMSJ9|2026-12-06T05:48:13Z||' |
//     openssl dgst -sha256 -hmac 'l402d-test-secret' -binary | base64 | tr '+/' '-_' | tr -d =
ChallengeParams bound_params() {
  ChallengeParams p;
  p.realm = "shop.example";
  p.method = "lightning";
  p.intent = "charge";
  p.request = "eyJhbW91bnQiOiIyMSJ9";
  p.expires = "2026-12-06T05:48:13Z";
  p.id = "D8XoMAI80C4O-m_svsQK_zMBjernOpT7RBvXFPA1qO0";
  return p;
}

TEST(MppBinder, IdIsBase64UrlHmacWithoutPadding) {
  const ChallengeBinder binder(as_bytes("l402d-test-secret"));
  const auto p = bound_params();
  EXPECT_EQ(binder.id_for(p), p.id);
  EXPECT_EQ(p.id.size(), 43u);
  EXPECT_TRUE(binder.verify(p));
}

TEST(MppBinder, TamperingAnyBoundParameterFailsVerification) {
  const ChallengeBinder binder(as_bytes("l402d-test-secret"));
  using Field = std::string ChallengeParams::*;
  for (const Field f : {&ChallengeParams::realm, &ChallengeParams::method, &ChallengeParams::intent,
                        &ChallengeParams::request, &ChallengeParams::expires,
                        &ChallengeParams::digest, &ChallengeParams::opaque, &ChallengeParams::id}) {
    auto p = bound_params();
    p.*f += "x";
    EXPECT_FALSE(binder.verify(p)) << p.*f;
    p = bound_params();
    if (!(p.*f).empty()) {
      (p.*f).pop_back();
      EXPECT_FALSE(binder.verify(p)) << p.*f;
    }
  }
  auto p = bound_params();
  p.expires = "2027-12-06T05:48:13Z";  // a later expiry is the obvious forgery
  EXPECT_FALSE(binder.verify(p));
  p = bound_params();
  p.description = "free";  // not bound
  EXPECT_TRUE(binder.verify(p));
}

TEST(MppBinder, OtherSecretsAndEmptyIdsDoNotVerify) {
  const ChallengeBinder other(as_bytes("l402d-test-secreT"));
  EXPECT_FALSE(other.verify(bound_params()));
  const ChallengeBinder binder(as_bytes("l402d-test-secret"));
  auto p = bound_params();
  p.id.clear();
  EXPECT_FALSE(binder.verify(p));
  p.id = std::string(43, 'A');
  EXPECT_FALSE(binder.verify(p));
}

TEST(MppBinder, ShiftingTextBetweenOptionalSlotsChangesTheId) {
  const ChallengeBinder binder(as_bytes("k"));
  auto a = bound_params();
  a.digest = "d";
  auto b = bound_params();
  b.opaque = "d";
  EXPECT_NE(binder.id_for(a), binder.id_for(b));
}

}  // namespace
}  // namespace l402d::mpp
