#include "paywall/challenger.hpp"

#include "bolt11/codec.hpp"
#include "l402/identifier.hpp"
#include "l402/macaroon.hpp"
#include "paywall/fixture.hpp"

namespace l402d::paywall {
namespace {

TEST(Challenger, TheInvoiceIsForThePriceAndTheMacaroonForItsPaymentHash) {
  testing::Paywall p;
  auto c = p.issue(p.offer());
  EXPECT_EQ(c.service, "echo");
  EXPECT_EQ(c.price_msat, 21'000u);
  auto invoice = bolt11::decode(c.invoice);
  ASSERT_TRUE(invoice) << c.invoice;
  EXPECT_EQ(invoice->amount_msat, 21'000u);
  EXPECT_EQ(invoice->payment_hash, c.payment_hash);
  EXPECT_EQ(invoice->description, "L402 echo");
  auto macaroon = l402::Macaroon::parse_base64(c.macaroon);
  ASSERT_TRUE(macaroon);
  EXPECT_EQ(l402::decode_identifier(macaroon->identifier())->payment_hash, c.payment_hash);
  EXPECT_EQ(l402::decode_identifier(macaroon->identifier())->token_id, c.token_id);
  EXPECT_NE(c.token_id, Hash32{});
  EXPECT_EQ(c.www_authenticate(),
            "L402 macaroon=\"" + c.macaroon + "\", invoice=\"" + c.invoice + "\"");
}

TEST(Challenger, ABoundOfferBindsTheTokenAndAnUnboundOneDoesNot) {
  testing::Paywall p;
  auto bound = p.issue(p.offer("echo", true));
  auto unbound = p.issue(p.offer("echo", false));
  auto caveats_of = [](const Challenge& c) {
    std::string all;
    const auto macaroon = l402::Macaroon::parse_base64(c.macaroon);
    for (const auto& caveat : macaroon->caveats())
      all += caveat.id + ";";
    return all;
  };
  EXPECT_NE(caveats_of(bound).find("echo_request="), std::string::npos) << caveats_of(bound);
  EXPECT_EQ(caveats_of(unbound).find("echo_request="), std::string::npos) << caveats_of(unbound);
  EXPECT_NE(caveats_of(unbound).find("valid_until=1800003600"), std::string::npos)
      << "mint time (the paywall's clock) + token validity";
}

TEST(Challenger, AnOfferWithItsOwnTokenLifetimeSetsValidUntilFromIt) {
  testing::Paywall p;
  auto offer = p.offer("echo", false);
  offer.token_seconds = 120;
  const auto c = p.issue(offer);
  const auto macaroon = l402::Macaroon::parse_base64(c.macaroon);
  std::string all;
  for (const auto& caveat : macaroon->caveats())
    all += caveat.id + ";";
  EXPECT_NE(all.find("echo_valid_until=1800000120;"), std::string::npos) << all;
}

}  // namespace
}  // namespace l402d::paywall
