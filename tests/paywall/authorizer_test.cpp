#include "paywall/authorizer.hpp"

#include "paywall/fixture.hpp"

namespace l402d::paywall {
namespace {

TEST(Authorizer, APaidCredentialForThisOfferIsAPaidTokenAtTheOffersPrice) {
  testing::Paywall p;
  const auto offer = p.offer();
  auto c = p.issue(offer);
  auto paid = p.authorizer.authorize(p.pay(c), offer);
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(paid->payment_hash, c.payment_hash);
  EXPECT_EQ(paid->service, "echo");
  EXPECT_EQ(paid->price_msat, 21'000u);
  EXPECT_EQ(paid->request_hash, offer.request_hash);
}

TEST(Authorizer, NoCredentialIsMissingAndAnotherServiceOrRequestIsRefused) {
  testing::Paywall p;
  auto missing = p.authorizer.authorize(l402::CredentialHeaders{}, p.offer());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, l402::VerifyCode::credential_missing);

  auto credential = p.pay(p.issue(p.offer()));
  auto other_service = p.authorizer.authorize(credential, p.offer("music"));
  ASSERT_FALSE(other_service);
  EXPECT_EQ(other_service.error().code, l402::VerifyCode::caveat_service);

  auto other_request = p.offer();
  other_request.request_hash = sha256(std::string_view("another request"));
  auto refused = p.authorizer.authorize(credential, other_request);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, l402::VerifyCode::caveat_request);
}

TEST(Authorizer, CredentialsAreReadFromTheHeadersClientsSend) {
  testing::Paywall p;
  const auto offer = p.offer();
  auto c = p.issue(offer);
  auto preimage = p.node.settle(c.invoice);
  ASSERT_TRUE(preimage);
  const auto header = "LSAT " + l402::format_authorization(c.macaroon, *preimage).substr(5);
  l402::CredentialHeaders headers;
  headers.authorization.push_back(header);
  EXPECT_TRUE(p.authorizer.authorize(headers, offer));
}

TEST(Authorizer, ATokenPastItsValidityIsRefused) {
  testing::Paywall p;
  const auto offer = p.offer();
  auto credential = p.pay(p.issue(offer));
  p.now += 3600;
  auto late = p.authorizer.authorize(credential, offer);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, l402::VerifyCode::caveat_expired);
}

}  // namespace
}  // namespace l402d::paywall
