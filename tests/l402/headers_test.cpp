#include "l402/headers.hpp"

#include <gtest/gtest.h>

#include "l402/caveat.hpp"
#include "l402/macaroon.hpp"
#include "support.hpp"
#include "util/hex.hpp"

namespace l402d::l402 {
namespace {

class HeadersTest : public ::testing::Test {
 protected:
  HeadersTest() : v(test::load_vector()), pre(to_hex(v.preimage)) {}

  std::optional<VerifyCode> code(std::string_view value) const {
    auto r = parse_authorization(value);
    if (r) return std::nullopt;
    return r.error().code;
  }
  void expect_vector(std::string_view value) const {
    auto r = parse_authorization(value);
    ASSERT_TRUE(r) << value << ": " << r.error().message;
    EXPECT_EQ(r->macaroon, v.macaroon);
    EXPECT_EQ(r->preimage, v.preimage);
  }

  test::Vector v;
  std::string pre;
};

TEST_F(HeadersTest, FormatChallengeExactly) {
  EXPECT_EQ(format_challenge("AgE=", "lnbc1x"), R"(L402 macaroon="AgE=", invoice="lnbc1x")");
  EXPECT_EQ(format_lsat_challenge("AgE=", "lnbc1x"), R"(LSAT macaroon="AgE=", invoice="lnbc1x")");
  EXPECT_EQ(format_authorization(v.macaroon_b64, v.preimage), "L402 " + v.macaroon_b64 + ":" + pre);
}

TEST_F(HeadersTest, AuthorizationMatrix) {
  const std::string tok = v.macaroon_b64 + ":" + pre;
  std::string upper = pre;
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string url = v.macaroon_b64;
  for (char& c : url)
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (url.back() == '=')
    url.pop_back();

  expect_vector("L402 " + tok);
  expect_vector("LSAT " + tok);
  expect_vector("l402 " + tok);
  expect_vector("lsat " + tok);
  expect_vector("L402    " + tok);
  expect_vector("L402\t" + tok);
  expect_vector("  L402 " + tok + "  ");
  expect_vector("L402 " + v.macaroon_b64 + ":" + upper);
  expect_vector("L402 " + url + ":" + pre);
  expect_vector("LSAT " + tok + ", L402 " + tok);  // comma-joined, Aperture's client
  expect_vector("Bearer abc, L402 " + tok);        // other schemes ignored

  EXPECT_EQ(code("Bearer abc"), VerifyCode::credential_missing);
  EXPECT_EQ(code(""), VerifyCode::credential_missing);
  EXPECT_EQ(code("L402"), VerifyCode::credential_malformed);
  EXPECT_EQ(code("L402 "), VerifyCode::credential_malformed);
  EXPECT_EQ(code("L402" + tok), VerifyCode::credential_missing);  // no space: not our scheme
  EXPECT_EQ(code("L402 " + v.macaroon_b64), VerifyCode::credential_malformed);
  EXPECT_EQ(code("L402 " + v.macaroon_b64 + ":" + pre.substr(2)), VerifyCode::credential_malformed);
  EXPECT_EQ(code("L402 " + v.macaroon_b64 + ":" + pre + "00"), VerifyCode::credential_malformed);
  EXPECT_EQ(code("L402 " + v.macaroon_b64 + ":" + pre.substr(0, 62) + "zz"),
            VerifyCode::credential_malformed);
  EXPECT_EQ(code("L402 :" + pre), VerifyCode::credential_malformed);
  EXPECT_EQ(code("L402 !!!!:" + pre), VerifyCode::credential_malformed);
  EXPECT_EQ(code("L402 a:b:" + pre), VerifyCode::credential_malformed);
  // The spec's comma-separated macaroon list is not supported.
  EXPECT_EQ(code("L402 " + v.macaroon_b64 + "," + v.macaroon_b64 + ":" + pre),
            VerifyCode::credential_malformed);
}

TEST_F(HeadersTest, SeveralAuthorizationValues) {
  const std::string tok = v.macaroon_b64 + ":" + pre;
  const std::vector<std::string> same = {"LSAT " + tok, "L402 " + tok};
  auto r = parse_authorization(same);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->macaroon, v.macaroon);

  const std::string other_pre(64, 'a');
  const std::vector<std::string> differ = {"LSAT " + tok,
                                           "L402 " + v.macaroon_b64 + ":" + other_pre};
  EXPECT_EQ(parse_authorization(differ).error().code, VerifyCode::credential_malformed);

  const std::vector<std::string> bearer_first = {"Bearer x", "L402 " + tok};
  EXPECT_TRUE(parse_authorization(bearer_first));
}

TEST_F(HeadersTest, MacaroonHeaders) {
  const std::string paid_hex = to_hex(v.paid);
  std::string upper = paid_hex;
  for (char& c : upper)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));

  CredentialHeaders h;
  h.grpc_metadata_macaroon = {paid_hex};
  auto r = parse_credential(h);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->macaroon, v.paid);
  EXPECT_EQ(r->preimage, v.preimage);

  CredentialHeaders m;
  m.macaroon = {upper};
  r = parse_credential(m);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->preimage, v.preimage);

  // Without a preimage caveat, or not hex, or not a macaroon.
  CredentialHeaders no_pre;
  const std::string unpaid_hex = to_hex(v.macaroon);
  no_pre.macaroon = {unpaid_hex};
  EXPECT_EQ(parse_credential(no_pre).error().code, VerifyCode::credential_malformed);
  CredentialHeaders not_hex;
  not_hex.macaroon = {"xyz"};
  EXPECT_EQ(parse_credential(not_hex).error().code, VerifyCode::credential_malformed);
  CredentialHeaders not_mac;
  not_mac.macaroon = {"0011"};
  EXPECT_EQ(parse_credential(not_mac).error().code, VerifyCode::macaroon_malformed);

  // The last preimage caveat wins, as in Aperture.
  Macaroon twice = *Macaroon::parse(v.macaroon);
  Hash32 wrong{};
  twice.add_first_party_caveat(preimage_caveat(wrong));
  twice.add_first_party_caveat(preimage_caveat(v.preimage));
  EXPECT_EQ(parse_macaroon_header(to_hex(twice.serialize()))->preimage, v.preimage);

  // Authorization wins over the macaroon headers; empty values are skipped.
  CredentialHeaders both;
  const std::string attenuated_auth = "L402 " + v.attenuated_b64 + ":" + pre;
  both.authorization = {attenuated_auth};
  both.macaroon = {paid_hex};
  EXPECT_NE(parse_credential(both)->macaroon, v.paid);
  CredentialHeaders empty;
  empty.authorization = {"Basic Zm9vOmJhcg=="};
  empty.grpc_metadata_macaroon = {""};
  empty.macaroon = {paid_hex};
  EXPECT_EQ(parse_credential(empty)->macaroon, v.paid);
  EXPECT_EQ(parse_credential(CredentialHeaders{}).error().code, VerifyCode::credential_missing);
  // A malformed Authorization credential does not fall back to other headers.
  CredentialHeaders bad_auth;
  bad_auth.authorization = {"L402 nope"};
  bad_auth.macaroon = {paid_hex};
  EXPECT_EQ(parse_credential(bad_auth).error().code, VerifyCode::credential_malformed);
}

TEST_F(HeadersTest, ChallengeParsing) {
  const std::string inv = "lnbcrt100n1p3qqkyg";
  auto c = parse_challenge(format_challenge(v.macaroon_b64, inv));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->scheme, "L402");
  EXPECT_EQ(c->macaroon, v.macaroon_b64);
  EXPECT_EQ(c->invoice, inv);

  // Aperture's two lines, LSAT first: L402 preferred.
  const std::vector<std::string> two = {format_lsat_challenge("AAAA", inv),
                                        format_challenge(v.macaroon_b64, inv)};
  c = parse_challenge(two);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->scheme, "L402");
  EXPECT_EQ(c->macaroon, v.macaroon_b64);

  // LSAT only.
  c = parse_challenge(format_lsat_challenge("AAAA", inv));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->scheme, "LSAT");

  // New spec form: version + token, unquoted values, case.
  c = parse_challenge("l402 version=\"0\", token=" + v.macaroon_b64 + ", invoice=" + inv);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->macaroon, v.macaroon_b64);
  EXPECT_EQ(c->invoice, inv);

  // Several challenges on one line, with another scheme first and params with spaces.
  c = parse_challenge("Payment id=\"x\", method=\"lightning\", LSAT macaroon=\"AAAA\", invoice=\"" +
                      inv + "\", L402 macaroon = \"" + v.macaroon_b64 + "\" , invoice=\"" + inv +
                      "\"");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->scheme, "L402");
  EXPECT_EQ(c->macaroon, v.macaroon_b64);

  // Quoted commas and escapes do not split.
  c = parse_challenge(R"(L402 realm="a, b", macaroon="AgE\=", invoice="lnbc1")");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->macaroon, "AgE=");

  EXPECT_FALSE(parse_challenge("Basic realm=\"x\""));
  EXPECT_FALSE(parse_challenge("L402 macaroon=\"AAAA\""));
  EXPECT_FALSE(parse_challenge(""));
  EXPECT_FALSE(parse_challenge("L402 invoice=\"x\", macaroon=\"unterminated"));
}

}  // namespace
}  // namespace l402d::l402
