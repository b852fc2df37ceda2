#include "paywall/rail_offers.hpp"

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "mpp/charge_request.hpp"
#include "mpp/credential.hpp"
#include "mpp/receipt.hpp"
#include "paywall/credential_reader.hpp"
#include "paywall/fixture.hpp"
#include "util/base64.hpp"
#include "util/clock.hpp"
#include "util/hex.hpp"
#include "x402/network.hpp"
#include "x402/payment_payload.hpp"
#include "x402/payment_required.hpp"
#include "x402/settlement_response.hpp"

namespace l402d::paywall {
namespace {
namespace json = boost::json;

constexpr std::int64_t kNow = 1'800'000'000;
constexpr std::string_view kRegtest = "bip122:0f9188f13cb7b2c71f2a335e3a4fc328";
constexpr std::string_view kMainnet = "bip122:000000000019d6689c085ae165831e93";
constexpr std::string_view kUrl = "https://shop.example/api/echo";

// The reader and the offers parse nothing of these beyond the invoice's prefix.
Challenge challenge(std::string invoice = "lnbcrt210n1pexampleinvoice") {
  Challenge c;
  c.service = "echo";
  c.price_msat = 21'000;
  c.macaroon = "AgEEbHNhdAJCAAD7/w==";
  c.invoice = std::move(invoice);
  c.payment_hash = sha256(std::string_view("the invoice"));
  c.expires_at = kNow + 600;
  return c;
}

std::shared_ptr<const mpp::ChallengeBinder> binder() {
  return std::make_shared<mpp::ChallengeBinder>(as_bytes("rail-offers-secret"));
}

RailOffersOptions options(RailSwitches rails = {}) {
  RailOffersOptions o;
  o.rails = rails;
  o.realm = "shop.example";
  return o;
}

json::object decoded_object(std::string_view base64) {
  const auto bytes = base64_decode(base64);
  EXPECT_TRUE(bytes) << base64;
  return bytes ? json::parse(as_chars(*bytes)).as_object() : json::object();
}

TEST(RailOffers, TheL402LineKeepsTheShapeClientsMatchAndAddsTheToken) {
  const auto c = challenge();
  const auto text = RailOffers(options(), binder()).render(c, kUrl, "", kNow);
  const std::string head = "L402 macaroon=\"" + c.macaroon + "\", invoice=\"" + c.invoice + "\"";
  EXPECT_EQ(text.l402.rfind(head, 0), 0u) << text.l402;
  EXPECT_EQ(text.l402, head + ", version=\"0\", token=\"" + c.macaroon + "\"");

  auto o = options();
  o.l402_token_param = false;
  EXPECT_EQ(RailOffers(o, binder()).render(c, kUrl, "", kNow).l402, c.www_authenticate());
}

TEST(RailOffers, TheMppChallengeIsBoundAndCarriesTheSale) {
  const auto c = challenge();
  const auto b = binder();
  const auto text = RailOffers(options(), b).render(c, kUrl, "", kNow);
  const auto parsed = mpp::parse_challenges(text.mpp);
  ASSERT_EQ(parsed.size(), 1u) << text.mpp;
  const auto& p = parsed[0];
  EXPECT_EQ(text.mpp, mpp::format_challenge(p));
  EXPECT_EQ(p.realm, "shop.example");
  EXPECT_EQ(p.method, "lightning");
  EXPECT_EQ(p.intent, "charge");
  EXPECT_EQ(p.expires, iso_time(kNow + 600));  // the invoice's expiry, before the hour
  EXPECT_EQ(p.digest, "");
  EXPECT_EQ(p.opaque, "");
  EXPECT_TRUE(b->verify(p));
  EXPECT_FALSE(mpp::ChallengeBinder(as_bytes("another secret")).verify(p));

  const auto request = mpp::decode_charge_request(p.request);
  ASSERT_TRUE(request) << request.error();
  EXPECT_EQ(request->amount_sats, 21u);
  EXPECT_EQ(request->external_id, c.macaroon);
  EXPECT_EQ(request->invoice, c.invoice);
  EXPECT_EQ(request->payment_hash_hex, to_hex(c.payment_hash));
  EXPECT_EQ(request->network, "regtest");
  EXPECT_EQ(request->description, "L402 echo");
  const auto raw = decoded_object(p.request);
  EXPECT_EQ(raw.at("amount"), "21");
  EXPECT_EQ(raw.at("currency"), "sat");
}

TEST(RailOffers, TheMppExpiryIsCappedByTheChallengeLifetime) {
  auto c = challenge();
  c.expires_at = kNow + 7'200;
  auto o = options();
  o.mpp_challenge_seconds = 3'600;
  const auto p = mpp::parse_challenges(RailOffers(o, binder()).render(c, kUrl, "", kNow).mpp);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].expires, iso_time(kNow + 3'600));
}

TEST(RailOffers, MppNamesOnlyTheNetworksItKnows) {
  const RailOffers offers(options(), binder());
  for (const auto& [invoice, network] :
       {std::pair{"lnbc210n1pexample", "mainnet"}, std::pair{"lnbcrt210n1pexample", "regtest"},
        std::pair{"lntbs210n1pexample", "signet"}, std::pair{"lntb210n1pexample", ""},
        std::pair{"LNBCRT210N1PEXAMPLE", "regtest"}}) {
    const auto p = mpp::parse_challenges(offers.render(challenge(invoice), kUrl, "", kNow).mpp);
    ASSERT_EQ(p.size(), 1u) << invoice;
    const auto request = mpp::decode_charge_request(p[0].request);
    ASSERT_TRUE(request) << request.error();
    EXPECT_EQ(request->network, network) << invoice;
    EXPECT_EQ(decoded_object(p[0].request).at("methodDetails").as_object().contains("network"),
              std::string_view(network) != "")
        << invoice;
  }
}

TEST(RailOffers, NoMppOfferForAFractionOfASatoshiOrWithoutABinder) {
  auto c = challenge();
  c.price_msat = 21'500;
  auto text = RailOffers(options(), binder()).render(c, kUrl, "", kNow);
  EXPECT_EQ(text.mpp, "");
  EXPECT_NE(text.l402, "");
  EXPECT_NE(text.x402, "");
  text = RailOffers(options(), nullptr).render(challenge(), kUrl, "", kNow);
  EXPECT_EQ(text.mpp, "");
  EXPECT_NE(text.l402, "");
}

TEST(RailOffers, TheX402OfferIsInMillisatoshisOnTheInvoicesNetwork) {
  const auto c = challenge();
  const auto text = RailOffers(options(), binder()).render(c, kUrl, "", kNow);
  const auto doc = decoded_object(text.x402);
  EXPECT_EQ(doc.at("x402Version"), 2);
  EXPECT_FALSE(doc.contains("error"));
  EXPECT_EQ(doc.at("resource"), json::parse(R"({"url":"https://shop.example/api/echo",)"
                                            R"("mimeType":"application/json",)"
                                            R"("description":"L402 echo"})"));
  ASSERT_EQ(doc.at("accepts").as_array().size(), 1u);
  const auto& accepted = doc.at("accepts").as_array()[0].as_object();
  EXPECT_EQ(accepted.at("scheme"), "exact");
  EXPECT_EQ(accepted.at("network").as_string(), kRegtest);
  EXPECT_EQ(accepted.at("amount"), "21000");
  EXPECT_EQ(accepted.at("asset"), "BTC");
  EXPECT_EQ(accepted.at("payTo"), "anonymous");
  EXPECT_EQ(accepted.at("maxTimeoutSeconds"), 600);
  EXPECT_EQ(accepted.at("extra"),
            json::parse(R"({"paymentMethod":"lightning","invoice":")" + c.invoice +
                        R"(","macaroon":")" + c.macaroon + R"("})"));

  const auto offer = x402::find_lightning_offer(text.x402);
  ASSERT_TRUE(offer);
  EXPECT_EQ(offer->amount_msat, 21'000u);
  EXPECT_EQ(offer->invoice, c.invoice);
}

TEST(RailOffers, TheX402OfferSaysWhyAndNeverAsksForNegativeTime) {
  auto c = challenge("lnbc210n1pexample");
  c.expires_at = kNow - 5;
  const auto doc =
      decoded_object(RailOffers(options(), binder()).render(c, kUrl, "token expired", kNow).x402);
  EXPECT_EQ(doc.at("error"), "token expired");
  const auto& accepted = doc.at("accepts").as_array()[0].as_object();
  EXPECT_EQ(accepted.at("maxTimeoutSeconds"), 0);
  EXPECT_EQ(accepted.at("network").as_string(), kMainnet);
}

TEST(RailOffers, DisabledRailsAreNotOffered) {
  const auto c = challenge();
  auto text = RailOffers(options({false, true, true}), binder()).render(c, kUrl, "", kNow);
  EXPECT_EQ(text.l402, "");
  EXPECT_NE(text.mpp, "");
  EXPECT_NE(text.x402, "");
  text = RailOffers(options({true, false, true}), binder()).render(c, kUrl, "", kNow);
  EXPECT_NE(text.l402, "");
  EXPECT_EQ(text.mpp, "");
  EXPECT_NE(text.x402, "");
  text = RailOffers(options({true, true, false}), binder()).render(c, kUrl, "", kNow);
  EXPECT_NE(text.l402, "");
  EXPECT_NE(text.mpp, "");
  EXPECT_EQ(text.x402, "");
  EXPECT_FALSE(RailOffers(options({true, false, false}), binder()).rails().mpp);
}

TEST(RailOffers, TheMppReceiptNamesThePaymentHashAndTheChallenge) {
  PaidToken token;
  token.payment_hash = sha256(std::string_view("the invoice"));
  PresentedCredential credential;
  credential.rail = Rail::mpp;
  credential.mpp_challenge_id = "D8XoMAI80C4O-m_svsQK_zMBjernOpT7RBvXFPA1qO0";
  const auto header = RailOffers(options(), binder()).mpp_receipt(token, credential, kNow);
  EXPECT_EQ(header.find_first_of("=+/"), std::string::npos) << header;
  const auto receipt = mpp::parse_receipt(header);
  ASSERT_TRUE(receipt);
  EXPECT_EQ(receipt->status, "success");
  EXPECT_EQ(receipt->method, "lightning");
  EXPECT_EQ(receipt->timestamp, iso_time(kNow));
  EXPECT_EQ(receipt->reference, to_hex(token.payment_hash));
  EXPECT_EQ(receipt->challenge_id, credential.mpp_challenge_id);
}

TEST(RailOffers, X402SettlementResponses) {
  const RailOffers offers(options(), binder());
  PresentedCredential credential;
  credential.rail = Rail::x402;
  credential.x402_invoice = "lnbcrt210n1pexampleinvoice";
  const auto ok = decoded_object(offers.x402_success(credential, kNow));
  EXPECT_EQ(ok,
            json::parse(R"({"success":true,"transaction":"lnbcrt210n1pexampleinvoice",)"
                        R"("network":"bip122:0f9188f13cb7b2c71f2a335e3a4fc328",)"
                        R"("payer":"anonymous","extra":{"invoice":"lnbcrt210n1pexampleinvoice",)"
                        R"("settledAt":1800000000}})"));

  const auto failed = x402::parse_settlement_response(
      offers.x402_failure(refusal_code::invoice_mismatch, "lnbc210n1pexample"));
  ASSERT_TRUE(failed);
  EXPECT_FALSE(failed->success);
  EXPECT_EQ(failed->error_reason, "invoice_mismatch");
  EXPECT_EQ(failed->transaction, "");
  EXPECT_EQ(failed->network, kMainnet);
}

// Every rail's offer, answered the way its clients answer it, names the
// same token: the reader returns the macaroon the L402 line carries, and the
// Authorizer accepts it once the invoice is paid.
TEST(RailOffers, EveryRailsAnswerRedeemsTheSameToken) {
  testing::Paywall p;
  const auto offer = p.offer("echo", false);
  const auto c = p.issue(offer);
  // The builtin node dates its invoices by the system clock, not the paywall's.
  std::int64_t now = c.expires_at - 600;
  const auto b = binder();
  const auto text = RailOffers(options(), b).render(c, kUrl, "", now);
  const auto preimage = p.node.settle(c.invoice);
  ASSERT_TRUE(preimage);
  const CredentialReader reader({}, b, [&now] { return now; });
  const auto macaroon = base64_decode(c.macaroon);
  ASSERT_TRUE(macaroon);

  // MPP: echo the challenge, prove with the preimage.
  const auto mpp_challenges = mpp::parse_challenges(text.mpp);
  ASSERT_EQ(mpp_challenges.size(), 1u);
  EXPECT_EQ(mpp::decode_charge_request(mpp_challenges[0].request)->network, "regtest");
  const auto mpp_auth = mpp::format_authorization(mpp_challenges[0], *preimage);
  PresentedHeaders mpp_headers;
  mpp_headers.l402.authorization = {mpp_auth};
  const auto via_mpp = reader.read(mpp_headers);
  ASSERT_TRUE(via_mpp) << via_mpp.error().code << ": " << via_mpp.error().message;
  EXPECT_EQ(via_mpp->rail, Rail::mpp);
  EXPECT_EQ(via_mpp->macaroon, *macaroon);
  EXPECT_EQ(via_mpp->mpp_challenge_id, mpp_challenges[0].id);
  const auto paid_mpp = p.authorizer.authorize(*via_mpp, offer);
  ASSERT_TRUE(paid_mpp) << paid_mpp.error().message;
  EXPECT_EQ(paid_mpp->payment_hash, c.payment_hash);

  // x402: echo the accepts[] entry, prove with the preimage.
  const auto x402_offer = x402::find_lightning_offer(text.x402);
  ASSERT_TRUE(x402_offer);
  EXPECT_EQ(x402_offer->accepted.at("network").as_string(), kRegtest);
  const auto signature = x402::format_payment_payload(
      x402_offer->x402_version, x402_offer->accepted, *preimage, x402_offer->invoice);
  PresentedHeaders x402_headers;
  x402_headers.payment_signature = {signature};
  const auto via_x402 = reader.read(x402_headers);
  ASSERT_TRUE(via_x402) << via_x402.error().code << ": " << via_x402.error().message;
  EXPECT_EQ(via_x402->rail, Rail::x402);
  EXPECT_EQ(via_x402->macaroon, *macaroon);
  EXPECT_EQ(via_x402->x402_invoice, c.invoice);
  const auto paid_x402 = p.authorizer.authorize(*via_x402, offer);
  ASSERT_TRUE(paid_x402) << paid_x402.error().message;
  EXPECT_EQ(paid_x402->token_id, paid_mpp->token_id);

  // An MPP answer after the challenge's expiry is refused before any lookup.
  now = c.expires_at;
  const auto late = reader.read(mpp_headers);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, refusal_code::challenge_expired);
}

}  // namespace
}  // namespace l402d::paywall
