#include "mcp/call_credential.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "util/base64.hpp"

namespace l402d::mcp {
namespace {

json::object object(std::string_view text) {
  return json::parse(text).as_object();
}

std::string decoded(std::string_view b64) {
  auto bytes = base64_decode(b64);
  return bytes ? std::string(bytes->begin(), bytes->end()) : std::string();
}

TEST(CallCredential, NoneIsAnUnpaidCall) {
  auto c = credential_of(object(R"({"prompt":"x"})"), {});
  ASSERT_TRUE(c);
  EXPECT_FALSE(*c);
}

TEST(CallCredential, MacaroonAndPreimageBecomeAnL402Header) {
  auto c = credential_of(object(R"({"payment":{"macaroon":"AgE","preimage":"ab"}})"), {});
  ASSERT_TRUE(c && *c);
  EXPECT_EQ((*c)->name, "Authorization");
  EXPECT_EQ((*c)->value, "L402 AgE:ab");
  auto given = credential_of(object(R"({"payment":{"authorization":"Payment eyJ"}})"), {});
  EXPECT_EQ((*given)->value, "Payment eyJ");
}

TEST(CallCredential, AMalformedPaymentIsTheAgentsToFix) {
  auto c = credential_of(object(R"({"payment":{"macaroon":"AgE"}})"), {});
  ASSERT_FALSE(c);
  EXPECT_FALSE(c.error().in_meta);
  EXPECT_NE(c.error().message.find("preimage"), std::string::npos);
}

TEST(CallCredential, X402PaymentInMetaBecomesPaymentSignature) {
  auto params =
      object(R"({"_meta":{"x402/payment":{"x402Version":2,"payload":{"preimage":"ab"}}}})");
  auto c = credential_of({}, params);
  ASSERT_TRUE(c && *c);
  EXPECT_EQ((*c)->name, "PAYMENT-SIGNATURE");
  EXPECT_EQ(json::parse(decoded((*c)->value)).at("payload").at("preimage"), "ab");
  auto bad = credential_of({}, object(R"({"_meta":{"x402/payment":"x"}})"));
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().in_meta);
}

// The MCP form's request object goes back to base64url of its JCS text, the
// form the challenge id's HMAC covers.
TEST(CallCredential, MppCredentialInMetaBecomesAPaymentHeader) {
  auto params = object(R"({"_meta":{"org.paymentauth/credential":{
      "challenge":{"id":"i","realm":"r","method":"lightning","intent":"charge",
                   "request":{"currency":"sat","amount":"10"}},
      "payload":{"preimage":"ab"}}}})");
  auto c = credential_of({}, params);
  ASSERT_TRUE(c && *c);
  ASSERT_TRUE((*c)->value.starts_with("Payment "));
  auto credential = json::parse(decoded((*c)->value.substr(8)));
  const auto request = credential.at("challenge").at("request").as_string();
  EXPECT_EQ(decoded(request), R"({"amount":"10","currency":"sat"})");
  EXPECT_EQ(credential.at("payload").at("preimage"), "ab");
}

TEST(CallCredential, ThePaymentIsNotPartOfTheBody) {
  auto body = without_payment(object(R"({"prompt":"x","payment":{"macaroon":"m"}})"));
  EXPECT_EQ(json::serialize(body), R"({"prompt":"x"})");
}

}  // namespace
}  // namespace l402d::mcp
