#include "paywall/credential_reader.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "mpp/charge_request.hpp"
#include "mpp/credential.hpp"
#include "util/base64.hpp"
#include "util/clock.hpp"
#include "util/hex.hpp"
#include "x402/payment_payload.hpp"

namespace l402d::paywall {
namespace {
namespace json = boost::json;

constexpr std::int64_t kNow = 1'800'000'000;
// Opaque bytes: the reader never parses the macaroon.
const Bytes kMacaroon = {0x02, 0x01, 0x04, 'l', 's', 'a', 't', 0xfb, 0xff, 0x00, 0x7e};
const std::string kMacaroonB64 = base64_encode(kMacaroon);
const Hash32 kPreimage = [] {
  Hash32 h{};
  for (std::size_t i = 0; i < h.size(); ++i)
    h[i] = static_cast<std::uint8_t>(0xa0 + i);
  return h;
}();
constexpr std::string_view kInvoice = "lnbcrt210n1pexampleinvoice";

class CredentialReaderTest : public ::testing::Test {
 protected:
  CredentialReader reader(RailSwitches rails = {}) const {
    return CredentialReader(rails, binder, [this] { return now; });
  }

  // A challenge as RailOffers issues it, bound by `binder`.
  mpp::ChallengeParams challenge(std::string external_id = kMacaroonB64) const {
    mpp::ChargeRequest request;
    request.amount_sats = 21;
    request.external_id = std::move(external_id);
    request.invoice = std::string(kInvoice);
    request.network = "regtest";
    mpp::ChallengeParams p;
    p.realm = "shop.example";
    p.method = std::string(mpp::kMethodLightning);
    p.intent = std::string(mpp::kIntentCharge);
    p.request = mpp::encode_charge_request(request);
    p.expires = iso_time(kNow + 600);
    p.id = binder->id_for(p);
    return p;
  }

  std::string x402_header(std::string_view payload_json, std::string_view extra_json = "") const {
    const std::string extra = extra_json.empty() ? R"({"paymentMethod":"lightning","invoice":")" +
                                                       std::string(kInvoice) + R"(","macaroon":")" +
                                                       kMacaroonB64 + R"("})"
                                                 : std::string(extra_json);
    return base64_encode(R"({"x402Version":2,"accepted":{"scheme":"exact","amount":"21000",)"
                         R"("extra":)" +
                         extra + R"(},"payload":)" + std::string(payload_json) + "}");
  }

  Expected<PresentedCredential, Refusal> read(RailSwitches rails = {}) const {
    PresentedHeaders h;
    for (const auto& v : authorization)
      h.l402.authorization.push_back(v);
    for (const auto& v : payment_signature)
      h.payment_signature.push_back(v);
    for (const auto& v : x_payment)
      h.x_payment.push_back(v);
    return reader(rails).read(h);
  }

  static void expect_refused(const Expected<PresentedCredential, Refusal>& r, Rail rail,
                             std::string_view code) {
    ASSERT_FALSE(r) << "accepted on rail " << to_string(r->rail);
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_EQ(r.error().rail, rail) << r.error().code;
    if (code != refusal_code::credential_missing) {
      EXPECT_FALSE(r.error().message.empty());
    }
  }

  std::shared_ptr<const mpp::ChallengeBinder> binder =
      std::make_shared<mpp::ChallengeBinder>(as_bytes("rail-offers-secret"));
  std::int64_t now = kNow;
  std::vector<std::string> authorization;
  std::vector<std::string> payment_signature;
  std::vector<std::string> x_payment;
  const std::string l402_auth = "L402 " + kMacaroonB64 + ":" + to_hex(kPreimage);
  const std::string preimage_payload = R"({"preimage":")" + to_hex(kPreimage) + R"("})";
};

TEST_F(CredentialReaderTest, NothingPresentedIsCredentialMissing) {
  expect_refused(read(), Rail::l402, refusal_code::credential_missing);
  authorization = {"Bearer abc", "Basic YWxhZGRpbg=="};
  expect_refused(read(), Rail::l402, refusal_code::credential_missing);
  expect_refused(read({false, false, false}), Rail::l402, refusal_code::credential_missing);
}

TEST_F(CredentialReaderTest, ReadsAnL402Credential) {
  authorization = {l402_auth};
  const auto r = read();
  ASSERT_TRUE(r) << r.error().code;
  EXPECT_EQ(r->rail, Rail::l402);
  EXPECT_EQ(r->macaroon, kMacaroon);
  EXPECT_EQ(r->preimage, kPreimage);
  EXPECT_EQ(r->mpp_challenge_id, "");
  EXPECT_EQ(r->x402_invoice, "");
}

TEST_F(CredentialReaderTest, MalformedL402KeepsTheVerifierCode) {
  authorization = {"L402 " + kMacaroonB64 + ":abcd"};
  expect_refused(read(), Rail::l402, "credential_malformed");
}

TEST_F(CredentialReaderTest, DisabledL402IsRailDisabled) {
  authorization = {l402_auth};
  expect_refused(read({false, true, true}), Rail::l402, refusal_code::rail_disabled);
  authorization = {"L402 garbage"};
  expect_refused(read({false, true, true}), Rail::l402, refusal_code::rail_disabled);
}

TEST_F(CredentialReaderTest, ReadsAnMppCredential) {
  const auto c = challenge();
  authorization = {"Bearer other", mpp::format_authorization(c, kPreimage)};
  const auto r = read();
  ASSERT_TRUE(r) << r.error().code << ": " << r.error().message;
  EXPECT_EQ(r->rail, Rail::mpp);
  EXPECT_EQ(r->macaroon, kMacaroon);
  EXPECT_EQ(r->preimage, kPreimage);
  EXPECT_EQ(r->mpp_challenge_id, c.id);
}

TEST_F(CredentialReaderTest, MppChallengeExpiresAtItsExpiresTime) {
  authorization = {mpp::format_authorization(challenge(), kPreimage)};
  now = kNow + 599;
  EXPECT_TRUE(read());
  now = kNow + 600;
  expect_refused(read(), Rail::mpp, refusal_code::challenge_expired);
  now = kNow + 86'400;
  expect_refused(read(), Rail::mpp, refusal_code::challenge_expired);
}

TEST_F(CredentialReaderTest, MppChallengeWithoutExpiresIsExpired) {
  auto c = challenge();
  c.expires.clear();
  c.id = binder->id_for(c);
  authorization = {mpp::format_authorization(c, kPreimage)};
  expect_refused(read(), Rail::mpp, refusal_code::challenge_expired);
}

TEST_F(CredentialReaderTest, TamperedMppChallengeIsInvalid) {
  using Field = std::string mpp::ChallengeParams::*;
  for (const Field f : {&mpp::ChallengeParams::id, &mpp::ChallengeParams::realm,
                        &mpp::ChallengeParams::request, &mpp::ChallengeParams::expires,
                        &mpp::ChallengeParams::digest, &mpp::ChallengeParams::opaque}) {
    auto c = challenge();
    c.*f += "A";
    authorization = {mpp::format_authorization(c, kPreimage)};
    expect_refused(read(), Rail::mpp, refusal_code::challenge_invalid);
  }
  // A later expiry, the forgery that would matter.
  auto c = challenge();
  c.expires = iso_time(kNow + 86'400);
  authorization = {mpp::format_authorization(c, kPreimage)};
  expect_refused(read(), Rail::mpp, refusal_code::challenge_invalid);
  // A cheaper request for someone else's macaroon.
  c = challenge();
  c.request = challenge("c29tZW9uZSBlbHNl").request;
  authorization = {mpp::format_authorization(c, kPreimage)};
  expect_refused(read(), Rail::mpp, refusal_code::challenge_invalid);
}

TEST_F(CredentialReaderTest, MppChallengeFromAnotherSecretIsInvalid) {
  const auto c = challenge();
  authorization = {mpp::format_authorization(c, kPreimage)};
  binder = std::make_shared<mpp::ChallengeBinder>(as_bytes("another-secret"));
  expect_refused(read(), Rail::mpp, refusal_code::challenge_invalid);
  binder = nullptr;
  expect_refused(read(), Rail::mpp, refusal_code::challenge_invalid);
}

TEST_F(CredentialReaderTest, OnlyTheLightningChargeIsAccepted) {
  for (const auto& [method, intent] :
       {std::pair{"lightning", "session"}, std::pair{"tempo", "charge"},
        std::pair{"Lightning", "charge"}}) {
    auto c = challenge();
    c.method = method;
    c.intent = intent;
    c.id = binder->id_for(c);
    authorization = {mpp::format_authorization(c, kPreimage)};
    expect_refused(read(), Rail::mpp, refusal_code::payment_method_unsupported);
  }
}

TEST_F(CredentialReaderTest, MppRequestWithoutOurTokenIsInvalid) {
  for (const char* external_id : {"!!!not base64!!!", "A"}) {
    auto c = challenge(external_id);
    authorization = {mpp::format_authorization(c, kPreimage)};
    expect_refused(read(), Rail::mpp, refusal_code::challenge_invalid);
  }
  auto c = challenge();
  c.request = "e30";  // {}: bound, but no charge request
  c.id = binder->id_for(c);
  authorization = {mpp::format_authorization(c, kPreimage)};
  expect_refused(read(), Rail::mpp, refusal_code::challenge_invalid);
}

TEST_F(CredentialReaderTest, MalformedMppCredential) {
  for (const std::string& bad : std::vector<std::string>{
           "Payment !!!", "Payment e29vcHN9", "Payment ",
           "Payment " + base64url_encode(std::string_view(R"({"challenge":{},"payload":{}})"))}) {
    authorization = {bad};
    expect_refused(read(), Rail::mpp, refusal_code::credential_malformed);
  }
}

TEST_F(CredentialReaderTest, DisabledMppIsRailDisabled) {
  authorization = {mpp::format_authorization(challenge(), kPreimage)};
  expect_refused(read({true, false, true}), Rail::mpp, refusal_code::rail_disabled);
  authorization = {"Payment !!!"};
  expect_refused(read({true, false, true}), Rail::mpp, refusal_code::rail_disabled);
}

TEST_F(CredentialReaderTest, ReadsAnX402PreimagePayload) {
  payment_signature = {x402_header(preimage_payload.substr(0, preimage_payload.size() - 1) +
                                   R"(,"invoice":")" + std::string(kInvoice) + R"("})")};
  const auto r = read();
  ASSERT_TRUE(r) << r.error().code << ": " << r.error().message;
  EXPECT_EQ(r->rail, Rail::x402);
  EXPECT_EQ(r->macaroon, kMacaroon);
  EXPECT_EQ(r->preimage, kPreimage);
  EXPECT_EQ(r->x402_invoice, kInvoice);
  EXPECT_EQ(r->payment_identifier, "");
}

TEST_F(CredentialReaderTest, ReadsAnX402InvoiceOnlyPayload) {
  payment_signature = {x402_header(R"({"invoice":")" + std::string(kInvoice) + R"("})")};
  const auto r = read();
  ASSERT_TRUE(r) << r.error().code << ": " << r.error().message;
  EXPECT_EQ(r->rail, Rail::x402);
  EXPECT_EQ(r->preimage, std::nullopt);
  EXPECT_EQ(r->x402_invoice, kInvoice);
}

TEST_F(CredentialReaderTest, ReadsTheX402PaymentIdentifier) {
  const auto header = base64_encode(
      R"({"accepted":{"extra":{"invoice":"lnbcrt1","macaroon":")" + kMacaroonB64 +
      R"("}},"payload":)" + preimage_payload +
      R"(,"extensions":{"payment-identifier":{"info":{"id":"idem-key-0123456789"}}}})");
  payment_signature = {header};
  const auto r = read();
  ASSERT_TRUE(r) << r.error().code << ": " << r.error().message;
  EXPECT_EQ(r->payment_identifier, "idem-key-0123456789");
  EXPECT_EQ(r->x402_invoice, "lnbcrt1");
}

TEST_F(CredentialReaderTest, XPaymentIsReadWhenPaymentSignatureIsAbsent) {
  x_payment = {x402_header(preimage_payload)};
  auto r = read();
  ASSERT_TRUE(r) << r.error().code;
  EXPECT_EQ(r->rail, Rail::x402);
  // PAYMENT-SIGNATURE wins: here it is malformed, so the X-PAYMENT is not used.
  payment_signature = {"!!!"};
  expect_refused(read(), Rail::x402, refusal_code::credential_malformed);
}

TEST_F(CredentialReaderTest, X402InvoiceMismatch) {
  payment_signature = {x402_header(R"({"invoice":"lnbcrt210n1potherinvoice"})")};
  expect_refused(read(), Rail::x402, refusal_code::invoice_mismatch);
  payment_signature = {x402_header(preimage_payload.substr(0, preimage_payload.size() - 1) +
                                   R"(,"invoice":"lnbcrt1other"})")};
  expect_refused(read(), Rail::x402, refusal_code::invoice_mismatch);
}

TEST_F(CredentialReaderTest, X402OfferWithoutOurMacaroonIsUnknown) {
  for (const std::string& extra : std::vector<std::string>{
           R"({"paymentMethod":"lightning","invoice":")" + std::string(kInvoice) + R"("})",
           R"({"invoice":"i","macaroon":""})", R"({"invoice":"i","macaroon":"!!!"})",
           R"({"invoice":"i","macaroon":7})", std::string(R"("not an object")")}) {
    payment_signature = {x402_header(preimage_payload, extra)};
    expect_refused(read(), Rail::x402, refusal_code::offer_unknown);
  }
  payment_signature = {base64_encode(R"({"payload":)" + preimage_payload + "}")};
  expect_refused(read(), Rail::x402, refusal_code::offer_unknown);
}

TEST_F(CredentialReaderTest, MalformedX402) {
  for (const std::string& bad : {std::string("!!!"), base64_encode(std::string_view("{oops}")),
                                 x402_header(R"({})"), x402_header(R"({"preimage":"abcd"})")}) {
    payment_signature = {bad};
    expect_refused(read(), Rail::x402, refusal_code::credential_malformed);
  }
}

TEST_F(CredentialReaderTest, DisabledX402IsRailDisabled) {
  payment_signature = {x402_header(preimage_payload)};
  expect_refused(read({true, true, false}), Rail::x402, refusal_code::rail_disabled);
  x_payment = {"!!!"};
  payment_signature.clear();
  expect_refused(read({true, true, false}), Rail::x402, refusal_code::rail_disabled);
}

TEST_F(CredentialReaderTest, L402WinsOverMppWhichWinsOverX402) {
  const auto mpp_auth = mpp::format_authorization(challenge(), kPreimage);
  payment_signature = {x402_header(preimage_payload)};
  authorization = {mpp_auth, l402_auth};
  auto r = read();
  ASSERT_TRUE(r) << r.error().code;
  EXPECT_EQ(r->rail, Rail::l402);
  authorization = {mpp_auth};
  r = read();
  ASSERT_TRUE(r) << r.error().code;
  EXPECT_EQ(r->rail, Rail::mpp);
  authorization.clear();
  r = read();
  ASSERT_TRUE(r) << r.error().code;
  EXPECT_EQ(r->rail, Rail::x402);
}

TEST_F(CredentialReaderTest, ARefusedHigherRailDoesNotFallThrough) {
  payment_signature = {x402_header(preimage_payload)};
  authorization = {"Payment !!!"};
  expect_refused(read(), Rail::mpp, refusal_code::credential_malformed);
  authorization = {"L402 broken"};
  expect_refused(read(), Rail::l402, "credential_malformed");
}

}  // namespace
}  // namespace l402d::paywall
