#include "x402/payment_payload.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "util/base64.hpp"
#include "util/hex.hpp"

namespace l402d::x402 {
namespace {
namespace json = boost::json;

constexpr std::string_view kPreimageHex =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

Hash32 preimage() {
  return *from_hex_array<32>(kPreimageHex);
}

std::string header_of(std::string_view json_text) {
  return base64_encode(json_text);
}

const std::string kAccepted =
    R"({"scheme":"exact","network":"bip122:0f9188f13cb7b2c71f2a335e3a4fc328","amount":"21000",)"
    R"("asset":"BTC","payTo":"anonymous","maxTimeoutSeconds":600,)"
    R"("extra":{"paymentMethod":"lightning","invoice":"lnbcrt210n1p","macaroon":"AgEE"}})";

TEST(X402PaymentPayload, ReadsAPreimagePayload) {
  const auto p = parse_payment_payload(header_of(R"({"x402Version":2,"accepted":)" + kAccepted +
                                                 R"(,"payload":{"preimage":")" +
                                                 std::string(kPreimageHex) + R"("}})"));
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(p->version, 2);
  EXPECT_EQ(p->accepted, json::parse(kAccepted).as_object());
  EXPECT_EQ(p->accepted_invoice, "lnbcrt210n1p");
  EXPECT_EQ(p->preimage, preimage());
  EXPECT_EQ(p->invoice, "");
  EXPECT_EQ(p->payment_identifier, "");
}

TEST(X402PaymentPayload, ReadsAnInvoiceOnlyPayloadAsAlbySendsIt) {
  const auto p = parse_payment_payload(header_of(R"({"x402Version":1,"accepted":)" + kAccepted +
                                                 R"(,"payload":{"invoice":"lnbcrt210n1p"}})"));
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(p->version, 1);
  EXPECT_EQ(p->preimage, std::nullopt);
  EXPECT_EQ(p->invoice, "lnbcrt210n1p");
  EXPECT_EQ(p->accepted_invoice, "lnbcrt210n1p");
}

TEST(X402PaymentPayload, ReadsThePaymentIdentifierExtension) {
  const auto p = parse_payment_payload(header_of(
      R"({"accepted":)" + kAccepted + R"(,"payload":{"preimage":")" + std::string(kPreimageHex) +
      R"("},"extensions":{"payment-identifier":{"info":{"id":"order-0001-abcdef"}}}})"));
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(p->payment_identifier, "order-0001-abcdef");
  EXPECT_EQ(p->version, 2);  // absent: v2
}

TEST(X402PaymentPayload, AcceptsUrlSafeAndUnpaddedBase64) {
  std::string header = header_of(R"({"payload":{"invoice":"i"},"accepted":{}})");
  while (!header.empty() && header.back() == '=')
    header.pop_back();
  const auto p = parse_payment_payload(header);
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(p->invoice, "i");
  EXPECT_EQ(p->accepted_invoice, "");
  EXPECT_TRUE(p->accepted.empty());
}

TEST(X402PaymentPayload, RejectsMalformedPayments) {
  const auto refused = [](const std::string& header) {
    const auto p = parse_payment_payload(header);
    EXPECT_FALSE(p) << header;
    if (!p) {
      EXPECT_FALSE(p.error().empty());
    }
  };
  refused("");
  refused("!!!not base64!!!");
  refused(header_of("{oops}"));
  refused(header_of("[]"));
  refused(header_of(R"({"accepted":{}})"));
  refused(header_of(R"({"accepted":{},"payload":"x"})"));
  refused(header_of(R"({"accepted":{},"payload":{}})"));
  refused(header_of(R"({"accepted":{},"payload":{"invoice":""}})"));
  refused(header_of(R"({"accepted":{},"payload":{"preimage":"00"}})"));
  refused(header_of(R"({"accepted":{},"payload":{"preimage":")" + std::string(kPreimageHex) +
                    R"(00"}})"));
  // A bad preimage is refused even when an invoice is there too.
  refused(header_of(R"({"accepted":{},"payload":{"invoice":"i","preimage":"zz"}})"));
}

TEST(X402PaymentPayload, FormatRoundTrips) {
  const auto accepted = json::parse(kAccepted).as_object();
  const auto header = format_payment_payload(2, accepted, preimage(), "lnbcrt210n1p");
  EXPECT_EQ(header.size() % 4, 0u);
  const auto raw = base64_decode(header);
  ASSERT_TRUE(raw);
  EXPECT_EQ(
      json::parse(as_chars(*raw)),
      json::parse(R"({"x402Version":2,"accepted":)" + kAccepted + R"(,"payload":{"preimage":")" +
                  std::string(kPreimageHex) + R"(","invoice":"lnbcrt210n1p"}})"));
  const auto p = parse_payment_payload(header);
  ASSERT_TRUE(p) << p.error();
  EXPECT_EQ(p->version, 2);
  EXPECT_EQ(p->accepted, accepted);
  EXPECT_EQ(p->preimage, preimage());
  EXPECT_EQ(p->invoice, "lnbcrt210n1p");
  EXPECT_EQ(p->accepted_invoice, "lnbcrt210n1p");
}

}  // namespace
}  // namespace l402d::x402
