// Phoenixd's formats (ACINQ/phoenixd Api.kt and JsonSerializers.kt at
// v0.8). The createinvoice and incoming-payment answers are the examples of
// its API documentation, copied verbatim.

#include "lightning/phoenixd_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lightning::phoenixd {
namespace {

namespace json = boost::json;

const std::string kCreated = R"({
  "amountSat": 100,
  "paymentHash": "f419207c9edde9021ebfb6bd0df6bd0a6606ecaf935357cc2f362e30835c3765",
  "serialized": "lntb1u1pjlsjnqpp57svjqly7mh5sy84lk67sma4apfnqdm90jdf40np0xchrpq6uxajscqpjsp592kp0fs2ssgpq9h54tsfaj5w34287v8fezgaw6cr56f076c05glq9q7sqqqqqqqqqqqqqqqqqqqsqqqqqysgqdq6d4ujqenfwfehggrfdemx76trv5mqz9grzjqwfn3p9278ttzzpe0e00uhyxhned3j5d9acqak5emwfpflp8z2cnflcyamh4dcuhwqqqqqlgqqqqqeqqjqnjpjvnv0p3wvwc6vhzkkgm8kl9r837x4p9qupk5ln5tqlm7prrlsy5xd8cf5agae64f53dvm9el0z5hvgcnta4stgmrg7zwfah0nqrqph4ts8l"
})";

const std::string kIncomingPaid = R"({
    "type": "incoming_payment",
    "subType": "lightning",
    "paymentHash": "1399476fe927fd02523ae203d05e3badeb27ee951c4d5dfdd06ba7f2d713864f",
    "preimage": "a17e7be515418882adf36fbafae20d5bcf6e17bf17b6e08a1b4b5912e537574a",
    "description": "amountless invoice",
    "invoice": "lntb1p5963w3pp5zwv5wmlfyl7sy536ugpaqh3m4h4j0m54r3x4mlwsdwnl94cnse8scqzyssp5tc5jtzk7q7u4yfpa745p7rkuujw5cz5ytntj48z4fhetaguwr7js9q7sqqqqqqqqqqqqqqqqqqqsqqqqqysgqdqav9kk7atww3kx2umnyp5kuan0d93k2mqz9gxqyz5vqrzjqwfn3p9278ttzzpe0e00uhyxhned3j5d9acqak5emwfpflp8z2cnfll283f990e4ksqqqqlgqqqqqeqqjqgh7ctek00wl7d3e2syhjdgmlms3e7pkvjskxnu0p8rsdn52dlmgjtzw7s8y6uvdeft66053s593m92a5auj99gfdm8tng7a4v5wjyvqpx629fv",
    "isPaid": true,
    "isExpired": false,
    "receivedSat": 1500,
    "fees": 0,
    "expiresAt": 1751029585548,
    "completedAt": 1750943212490,
    "createdAt": 1750943185548
})";

constexpr std::int64_t kNow = 1'750'943'300;  // between creation and expiry

json::object object(const std::string& text) {
  return json::parse(text).as_object();
}

TEST(PhoenixdJson, CreateIsAFormWithEscapedDescription) {
  EXPECT_EQ(create_form(21, "L402 vision & more", 600),
            "description=L402+vision+%26+more&amountSat=21&expirySeconds=600&externalId=l402d");
}

TEST(PhoenixdJson, ReadsTheCreateAnswer) {
  auto created = parse_created(kCreated, kNow, 600);
  EXPECT_EQ(to_hex(ByteView(created.payment_hash)),
            "f419207c9edde9021ebfb6bd0df6bd0a6606ecaf935357cc2f362e30835c3765");
  EXPECT_TRUE(created.bolt11.starts_with("lntb1u1pjlsjnq"));
  EXPECT_EQ(created.expires_at, kNow + 600);
  EXPECT_THROW(parse_created(R"({"paymentHash": "f4", "serialized": "lntb1"})", kNow, 600),
               BackendError);
  EXPECT_THROW(parse_created("Invalid authentication", kNow, 600), BackendError);
}

TEST(PhoenixdJson, APaidPaymentIsSettledWithItsPreimage) {
  auto status = parse_incoming(kIncomingPaid, kNow);
  EXPECT_EQ(status.state, InvoiceState::settled);
  EXPECT_EQ(status.settled_at, 1'750'943'212);
  EXPECT_EQ(status.amount_msat, 1'500'000u);  // amountless: what was received
  ASSERT_TRUE(status.preimage);
  EXPECT_EQ(to_hex(ByteView(*status.preimage)),
            "a17e7be515418882adf36fbafae20d5bcf6e17bf17b6e08a1b4b5912e537574a");
  // One that does not hash to paymentHash is not reported.
  auto o = object(kIncomingPaid);
  o["preimage"] = std::string(64, 'b');
  EXPECT_FALSE(parse_incoming(json::serialize(o), kNow).preimage);
}

TEST(PhoenixdJson, ThePreimageIsReportedOnlyWhenPaid) {
  Hash32 preimage{};
  preimage.fill(0x21);
  auto o = object(kIncomingPaid);
  o["paymentHash"] = to_hex(ByteView(sha256(ByteView(preimage))));
  o["preimage"] = to_hex(ByteView(preimage));
  o["requestedSat"] = 21;
  auto paid = parse_incoming(json::serialize(o), kNow);
  EXPECT_EQ(paid.preimage, preimage);
  EXPECT_EQ(paid.amount_msat, 21'000u);
  // Phoenixd hands out the preimage of unpaid invoices too.
  o["isPaid"] = false;
  o["receivedSat"] = 0;
  o.erase("completedAt");
  auto unpaid = parse_incoming(json::serialize(o), kNow);
  EXPECT_EQ(unpaid.state, InvoiceState::open);
  EXPECT_FALSE(unpaid.preimage);
  EXPECT_FALSE(unpaid.settled_at);
}

TEST(PhoenixdJson, ExpiredByFlagOrByExpiresAt) {
  auto o = object(kIncomingPaid);
  o["isPaid"] = false;
  o["isExpired"] = true;
  EXPECT_EQ(parse_incoming(json::serialize(o), kNow).state, InvoiceState::expired);
  o["isExpired"] = false;
  EXPECT_EQ(parse_incoming(json::serialize(o), 1'751'029'585).state, InvoiceState::open);
  EXPECT_EQ(parse_incoming(json::serialize(o), 1'751'029'586).state, InvoiceState::expired);
}

TEST(PhoenixdJson, ReadsGetinfo) {
  auto info = parse_getinfo(R"({
    "nodeId": "03e2cc8b2e8bd0fcc05b1b2a0a5e1e38cfc28c2a5a4a5c2b7ec4ab0dbe9db6b2a5",
    "channels": [],
    "chain": "mainnet",
    "blockHeight": 850000,
    "version": "0.8.0-0a1b2c3"
})");
  EXPECT_EQ(info.pubkey, "03e2cc8b2e8bd0fcc05b1b2a0a5e1e38cfc28c2a5a4a5c2b7ec4ab0dbe9db6b2a5");
  EXPECT_EQ(info.network, bolt11::Network::mainnet);
  EXPECT_EQ(info.version, "0.8.0-0a1b2c3");
  // Chain.Testnet3.name.lowercase()
  EXPECT_EQ(parse_getinfo(R"({"nodeId": "02aa", "chain": "testnet3"})").network,
            bolt11::Network::testnet);
  EXPECT_EQ(parse_getinfo(R"({"nodeId": "02aa", "chain": "regtest"})").network,
            bolt11::Network::regtest);
  EXPECT_THROW(parse_getinfo(R"({"chain": "mainnet"})"), BackendError);
}

TEST(PhoenixdJson, WebsocketEventsNamePaymentsReceived) {
  const std::string hash = "e628f8a516e9d3ee5e212a675f8d0c9dc5e7a5d500c5f4f91c62e9e921492653";
  // The documentation's webhook body, which the websocket sends as well.
  auto received = received_payment(R"({
    "type": "payment_received",
    "timestamp": 1712785550079,
    "amountSat": 8,
    "paymentHash": "e628f8a516e9d3ee5e212a675f8d0c9dc5e7a5d500c5f4f91c62e9e921492653",
    "externalId": null
})");
  ASSERT_TRUE(received);
  EXPECT_EQ(to_hex(ByteView(*received)), hash);
  EXPECT_FALSE(received_payment(R"({"type": "payment_sent", "paymentHash": ")" + hash + "\"}"));
  EXPECT_FALSE(received_payment("not json"));
}

TEST(PhoenixdJson, ThePasswordIsTheLimitedAccessOneOfPhoenixConf) {
  const std::string conf =
      "chain=testnet\n"
      "http-password=6a1e0fd1b7d1d2a0c5e8bf4d9b2c3e7f6a1e0fd1b7d1d2a0c5e8bf4d9b2c3e7f\n"
      "http-password-limited-access="
      "0b9e4c3d2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d\n";
  EXPECT_EQ(api_password(conf), "0b9e4c3d2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d");
  EXPECT_EQ(api_password("  s3cret\n"), "s3cret");
  try {
    api_password("http-password=6a1e\n");
    FAIL() << "took the full-access password";
  } catch (const BackendError& e) {
    EXPECT_EQ(e.code(), BackendErrorCode::unauthorized);
    EXPECT_EQ(std::string(e.what()).find("6a1e"), std::string::npos);
  }
}

TEST(PhoenixdJson, DescriptionsAreCountedInUtf16Units) {
  EXPECT_EQ(utf16_length("L402"), 4u);
  EXPECT_EQ(utf16_length("\xc3\xa9t\xc3\xa9"), 3u);  // été
  EXPECT_EQ(utf16_length("\xf0\x9f\x8e\xb5"), 2u);   // a surrogate pair
}

}  // namespace
}  // namespace l402d::lightning::phoenixd
