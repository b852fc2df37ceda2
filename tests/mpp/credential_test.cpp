#include "mpp/credential.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mpp/problem.hpp"
#include "util/base64.hpp"
#include "util/hex.hpp"

namespace l402d::mpp {
namespace {

Hash32 counting_preimage() {
  Hash32 h{};
  for (std::size_t i = 0; i < h.size(); ++i)
    h[i] = static_cast<std::uint8_t>(i);
  return h;
}

ChallengeParams challenge() {
  ChallengeParams p;
  p.id = "D8XoMAI80C4O-m_svsQK_zMBjernOpT7RBvXFPA1qO0";
  p.realm = "shop.example";
  p.method = "lightning";
  p.intent = "charge";
  p.request = "eyJhbW91bnQiOiIyMSJ9";
  p.expires = "2026-12-06T05:48:13Z";
  return p;
}

std::optional<Expected<Credential, std::string>> find(std::vector<std::string_view> values) {
  return find_credential(values);
}

// The JCS text, base64url'd in the shell:
// {"challenge":{"expires":"2026-12-06T05:48:13Z","id":"D8Xo…","intent":"charge",
//  "method":"lightning","realm":"shop.example","request":"eyJhbW91bnQiOiIyMSJ9"},
//  "payload":{"preimage":"000102…1f"}}
constexpr std::string_view kAuthorization =
    "Payment "
    "eyJjaGFsbGVuZ2UiOnsiZXhwaXJlcyI6IjIwMjYtMTItMDZUMDU6NDg6MTNaIiwiaWQiOiJEOFhvTUFJODBDNE8tbV9z"
    "dnNRS196TUJqZXJuT3BUN1JCdlhGUEExcU8wIiwiaW50ZW50IjoiY2hhcmdlIiwibWV0aG9kIjoibGlnaHRuaW5nIiwi"
    "cmVhbG0iOiJzaG9wLmV4YW1wbGUiLCJyZXF1ZXN0IjoiZXlKaGJXOTFiblFpT2lJeU1TSjkifSwicGF5bG9hZCI6eyJw"
    "cmVpbWFnZSI6IjAwMDEwMjAzMDQwNTA2MDcwODA5MGEwYjBjMGQwZTBmMTAxMTEyMTMxNDE1MTYxNzE4MTkxYTFiMWMx"
    "ZDFlMWYifX0";

TEST(MppCredential, FormatsJcsInBase64Url) {
  EXPECT_EQ(format_authorization(challenge(), counting_preimage()), kAuthorization);
}

TEST(MppCredential, EchoesOptionalParametersOnlyWhenSet) {
  auto p = challenge();
  p.expires.clear();
  p.digest = "sha-256=:X48E9q:";
  p.description = "Q&A";
  p.opaque = "eyJ9";
  const auto header = format_authorization(p, counting_preimage());
  ASSERT_EQ(header.rfind("Payment ", 0), 0u);
  const auto json = base64_decode(std::string_view(header).substr(8));
  ASSERT_TRUE(json);
  EXPECT_EQ(as_chars(*json),
            R"({"challenge":{"description":"Q&A","digest":"sha-256=:X48E9q:",)"
            R"("id":"D8XoMAI80C4O-m_svsQK_zMBjernOpT7RBvXFPA1qO0","intent":"charge",)"
            R"("method":"lightning","opaque":"eyJ9","realm":"shop.example",)"
            R"("request":"eyJhbW91bnQiOiIyMSJ9"},"payload":{"preimage":")" +
                to_hex(counting_preimage()) + R"("}})");
}

TEST(MppCredential, FindsAndDecodesWhatItFormats) {
  const auto header = format_authorization(challenge(), counting_preimage());
  const auto found = find({header});
  ASSERT_TRUE(found);
  ASSERT_TRUE(*found) << found->error();
  EXPECT_EQ((*found)->challenge, challenge());
  EXPECT_EQ((*found)->preimage, counting_preimage());
  EXPECT_EQ((*found)->source, "");
}

TEST(MppCredential, ReadsUnsortedJsonWithASource) {
  // Member order as another implementation may send it, with a source.
  const auto found =
      find({"Payment "
            "eyJjaGFsbGVuZ2UiOnsiaWQiOiJrTTl4UHFXdlQybkpySHNZNGFEZkViIiwicmVhbG0iOiJhcGkuZXhhbXBsZS"
            "5jb20i"
            "LCJtZXRob2QiOiJsaWdodG5pbmciLCJpbnRlbnQiOiJjaGFyZ2UiLCJyZXF1ZXN0IjoiZXlKaGJXOTFiblFpT2"
            "lJeE1E"
            "QWlmUSIsImV4cGlyZXMiOiIyMDI2LTAzLTE1VDEyOjA1OjAwWiJ9LCJzb3VyY2UiOiJkaWQ6a2V5Ono2TWsiLC"
            "JwYXls"
            "b2FkIjp7InByZWltYWdlIjoiMDAwMTAyMDMwNDA1MDYwNzA4MDkwYTBiMGMwZDBlMGYxMDExMTIxMzE0MTUxNj"
            "E3MTgx"
            "OTFhMWIxYzFkMWUxZiJ9fQ"});
  ASSERT_TRUE(found);
  ASSERT_TRUE(*found) << found->error();
  const auto& c = (*found)->challenge;
  EXPECT_EQ(c.id, "kM9xPqWvT2nJrHsY4aDfEb");
  EXPECT_EQ(c.realm, "api.example.com");
  EXPECT_EQ(c.method, "lightning");
  EXPECT_EQ(c.intent, "charge");
  EXPECT_EQ(c.request, "eyJhbW91bnQiOiIxMDAifQ");
  EXPECT_EQ(c.expires, "2026-03-15T12:05:00Z");
  EXPECT_EQ((*found)->source, "did:key:z6Mk");
  EXPECT_EQ((*found)->preimage, counting_preimage());
}

TEST(MppCredential, NoPaymentSchemeIsNotACredential) {
  EXPECT_FALSE(find({}));
  EXPECT_FALSE(find({"Bearer abc123", "L402 AgEE:00", "Basic YWxhZGRpbg=="}));
  EXPECT_FALSE(find({"Payment"}));
  EXPECT_FALSE(find({"PaymentX abc"}));
  EXPECT_FALSE(find({"Paymen abc"}));
  EXPECT_FALSE(find({""}));
}

TEST(MppCredential, SchemeIsCaseInsensitiveAndSpacesAreTrimmed) {
  const std::string token(kAuthorization.substr(8));
  for (const std::string& header :
       {"payment " + token, "PAYMENT " + token, "  Payment   " + token + "  "}) {
    const auto found = find({header});
    ASSERT_TRUE(found) << header;
    ASSERT_TRUE(*found) << found->error();
    EXPECT_EQ((*found)->challenge, challenge());
  }
}

TEST(MppCredential, TakesTheFirstPaymentValue) {
  auto other = challenge();
  other.id = "other";
  const auto first = format_authorization(other, counting_preimage());
  const auto found = find({"Bearer x", first, kAuthorization});
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->challenge.id, "other");
}

TEST(MppCredential, MalformedCredentialsAreFoundButRefused) {
  const auto refused = [](std::string_view header) {
    const auto found = find({header});
    ASSERT_TRUE(found) << header;
    EXPECT_FALSE(*found) << header;
    if (!*found) {
      EXPECT_FALSE(found->error().empty());
    }
  };
  refused("Payment ");
  refused("Payment !!!invalid!!!");
  refused("Payment e29vcHN9");  // {oops}
  refused("Payment " + base64url_encode(std::string_view("[1]")));
  // Aperture's "reject missing payload".
  refused(
      "Payment "
      "eyJjaGFsbGVuZ2UiOnsiaWQiOiJpIiwicmVhbG0iOiJyIiwibWV0aG9kIjoibGlnaHRuaW5nIiwiaW50ZW50IjoiY2hh"
      "cmdlIiwicmVxdWVzdCI6ImNRIn19");
  const auto with = [&](std::string_view json) { refused("Payment " + base64url_encode(json)); };
  const std::string pre = to_hex(counting_preimage());
  with(R"({"payload":{"preimage":")" + pre + R"("}})");
  with(R"({"challenge":"x","payload":{"preimage":")" + pre + R"("}})");
  with(R"({"challenge":{"id":"i"},"payload":"x"})");
  with(R"({"challenge":{"id":"i"},"payload":{}})");
  with(R"({"challenge":{"id":"i"},"payload":{"preimage":")" + pre.substr(2) + R"("}})");
  with(R"({"challenge":{"id":"i"},"payload":{"preimage":")" + pre + R"(00"}})");
  with(R"({"challenge":{"id":"i"},"payload":{"preimage":")" + pre.substr(1) + R"(g"}})");
  // Aperture's charge credential carries a 16-hex-digit preimage.
  with(R"({"challenge":{"id":"i"},"payload":{"preimage":"a3f1e2d4b5c6a7e8"}})");
}

TEST(MppCredential, UpperCaseHexPreimageIsAccepted) {
  std::string pre = to_hex(counting_preimage());
  for (auto& ch : pre)
    if (ch >= 'a' && ch <= 'f') ch = static_cast<char>(ch - 'a' + 'A');
  const auto found = find(
      {"Payment " + base64url_encode(std::string_view(
                        R"({"challenge":{"id":"i"},"payload":{"preimage":")" + pre + R"("}})"))});
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->preimage, counting_preimage());
  EXPECT_EQ((*found)->challenge.id, "i");
}

TEST(MppProblem, TypeUrisAndTitles) {
  EXPECT_EQ(type_uri(Problem::payment_required),
            "https://paymentauth.org/problems/payment-required");
  EXPECT_EQ(type_uri(Problem::malformed_credential),
            "https://paymentauth.org/problems/malformed-credential");
  EXPECT_EQ(type_uri(Problem::invalid_challenge),
            "https://paymentauth.org/problems/invalid-challenge");
  EXPECT_EQ(type_uri(Problem::verification_failed),
            "https://paymentauth.org/problems/verification-failed");
  EXPECT_EQ(type_uri(Problem::payment_expired), "https://paymentauth.org/problems/payment-expired");
  EXPECT_EQ(title(Problem::malformed_credential), "Malformed Credential");
  EXPECT_EQ(kProblemContentType, "application/problem+json");
}

}  // namespace
}  // namespace l402d::mpp
