// LNbits' JSON across the versions in use (lnbits/lnbits payment_api.py and
// models/payments.py at v0.12.12, v1.0 and v1.5): the create answer's three
// namings of the invoice, the lookup's "paid"/"status"/"details", the
// wallet websocket's payment messages and FastAPI's error bodies.

#include "lightning/lnbits_json.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "util/crypto.hpp"
#include "util/hex.hpp"

namespace l402d::lightning::lnbits {
namespace {

namespace json = boost::json;

const Hash32 kPreimage = [] {
  Hash32 p{};
  p.fill(0x33);
  return p;
}();
const Hash32 kHash = sha256(ByteView(kPreimage));
const std::string kHashHex = to_hex(ByteView(kHash));
const std::string kPreimageHex = to_hex(ByteView(kPreimage));

// unix 1800000000 is 2027-01-15T08:00:00Z.
constexpr std::int64_t kCreated = 1'800'000'000;

// A v1 Payment as pydantic writes it: msat amounts, ISO times.
std::string payment(std::string_view status, std::string_view expiry_iso) {
  return R"({"checking_id": ")" + kHashHex + R"(", "payment_hash": ")" + kHashHex +
         R"(", "wallet_id": "b5a5b5c4d3e2f1a0", "amount": 21000, "fee": 0,)"
         R"( "bolt11": "lnbcrt210n1pfake", "payment_request": "lnbcrt210n1pfake", "status": ")" +
         std::string(status) + R"(", "memo": "L402 vision", "expiry": ")" +
         std::string(expiry_iso) + R"(", "webhook": null, "webhook_status": null, "preimage": ")" +
         kPreimageHex +
         R"(", "tag": null, "extension": null, "time": "2027-01-15T08:00:00+00:00",)"
         R"( "created_at": "2027-01-15T08:00:00+00:00", "updated_at": "2027-01-15T08:01:40.250000+00:00",)"
         R"( "labels": [], "extra": {}})";
}

TEST(LnbitsJson, CreateAsksForAnIncomingInvoiceInSats) {
  auto body = json::parse(create_body(21, "L402 vision", 600)).as_object();
  EXPECT_EQ(body.at("out"), false);
  EXPECT_EQ(body.at("amount").as_int64(), 21);
  EXPECT_EQ(body.at("unit"), "sat");
  EXPECT_EQ(body.at("memo"), "L402 vision");
  EXPECT_EQ(body.at("expiry").as_int64(), 600);
}

TEST(LnbitsJson, ReadsEachVersionsCreateAnswer) {
  // v0.12: payment_request only.
  auto old = parse_created(R"({"payment_hash": ")" + kHashHex +
                               R"(", "payment_request": "lnbcrt210n1pold", "checking_id": ")" +
                               kHashHex + R"(", "lnurl_response": null})",
                           kCreated, 600);
  EXPECT_EQ(old.bolt11, "lnbcrt210n1pold");
  EXPECT_EQ(old.payment_hash, kHash);
  EXPECT_EQ(old.expires_at, kCreated + 600);
  // v1.0 to v1.3.0: a Payment, bolt11 only.
  auto v1 = json::parse(payment("pending", "2027-01-15T08:10:00+00:00")).as_object();
  v1.erase("payment_request");
  v1["bolt11"] = "lnbcrt210n1pnew";
  EXPECT_EQ(parse_created(json::serialize(v1), kCreated, 600).bolt11, "lnbcrt210n1pnew");
  // v1.3.1 on: both, and bolt11 is the invoice.
  EXPECT_EQ(parse_created(payment("pending", "2027-01-15T08:10:00+00:00"), kCreated, 600).bolt11,
            "lnbcrt210n1pfake");
  EXPECT_THROW(parse_created(R"({"payment_hash": ")" + kHashHex + R"("})", kCreated, 600),
               BackendError);
  EXPECT_THROW(parse_created(R"({"payment_hash": "abc", "bolt11": "lnbc1"})", kCreated, 600),
               BackendError);
}

TEST(LnbitsJson, PaidWithDetailsIsSettledWithItsPreimage) {
  auto status =
      parse_payment(R"({"paid": true, "preimage": ")" + kPreimageHex + R"(", "details": )" +
                        payment("success", "2027-01-15T08:10:00+00:00") + "}",
                    kHash, kCreated + 200);
  EXPECT_EQ(status.state, InvoiceState::settled);
  EXPECT_EQ(status.preimage, kPreimage);
  EXPECT_EQ(status.amount_msat, 21'000u);
  EXPECT_EQ(status.settled_at, kCreated + 100);
  // Without a key that owns the payment: no details, still paid.
  auto bare =
      parse_payment(R"({"paid": true, "preimage": ")" + kPreimageHex + R"("})", kHash, kCreated);
  EXPECT_EQ(bare.state, InvoiceState::settled);
  EXPECT_EQ(bare.preimage, kPreimage);
}

TEST(LnbitsJson, APreimageOfAnotherHashIsNotReported) {
  Hash32 other{};
  auto status =
      parse_payment(R"({"paid": true, "preimage": ")" + kPreimageHex + R"("})", other, kCreated);
  EXPECT_EQ(status.state, InvoiceState::settled);
  EXPECT_FALSE(status.preimage);
  // Unpaid answers may carry the preimage LNbits generated: never reported.
  auto pending =
      parse_payment(R"({"paid": false, "status": "pending", "preimage": ")" + kPreimageHex +
                        R"(", "details": )" + payment("pending", "2027-01-15T08:10:00+00:00") + "}",
                    kHash, kCreated);
  EXPECT_EQ(pending.state, InvoiceState::open);
  EXPECT_FALSE(pending.preimage);
}

TEST(LnbitsJson, PendingPastItsExpiryIsExpiredAndFailedIsCancelledOrExpired) {
  const auto expiry = "2027-01-15T08:10:00+00:00";  // kCreated + 600
  auto pending = [&](std::int64_t now) {
    return parse_payment(R"({"paid": false, "status": "pending", "details": )" +
                             payment("pending", expiry) + "}",
                         kHash, now)
        .state;
  };
  EXPECT_EQ(pending(kCreated + 599), InvoiceState::open);
  EXPECT_EQ(pending(kCreated + 600), InvoiceState::expired);
  auto failed = [&](std::int64_t now) {
    return parse_payment(R"({"paid": false, "status": "failed", "details": )" +
                             payment("failed", expiry) + "}",
                         kHash, now)
        .state;
  };
  EXPECT_EQ(failed(kCreated + 10), InvoiceState::cancelled);
  EXPECT_EQ(failed(kCreated + 601), InvoiceState::expired);
  EXPECT_EQ(parse_payment(R"({"paid": false})", kHash, kCreated).state, InvoiceState::open);
}

TEST(LnbitsJson, ReadsIsoTimesAndOldUnixExpiries) {
  EXPECT_EQ(unix_time("2027-01-15T08:00:00+00:00"), kCreated);
  EXPECT_EQ(unix_time("2027-01-15T08:00:00Z"), kCreated);
  EXPECT_EQ(unix_time("2027-01-15T08:00:00"), kCreated);
  EXPECT_EQ(unix_time("2027-01-15 08:00:00.999999"), kCreated);
  EXPECT_EQ(unix_time("2027-01-15T10:00:00+02:00"), kCreated);
  EXPECT_EQ(unix_time("2027-01-15T03:00:00-0500"), kCreated);
  EXPECT_EQ(unix_time("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(unix_time("2024-02-29T00:00:00Z"), 1'709'164'800);
  EXPECT_FALSE(unix_time("2027-13-15T08:00:00Z"));
  EXPECT_FALSE(unix_time("2027-01-15"));
  EXPECT_FALSE(unix_time("2027-01-15T08:00:00+0"));
  // v0.12 details: expiry in unix seconds.
  auto status =
      parse_payment(R"({"paid": false, "details": {"amount": 21000, "expiry": 1800000600.0}})",
                    kHash, kCreated + 601);
  EXPECT_EQ(status.state, InvoiceState::expired);
}

TEST(LnbitsJson, TheWalletsNameIsTheAlias) {
  auto info = parse_wallet(R"({"name": "l402 sales", "balance": 1250000})");
  EXPECT_EQ(info.alias, "l402 sales");
  EXPECT_TRUE(info.pubkey.empty());
  EXPECT_FALSE(info.network);
  EXPECT_THROW(parse_wallet("<html>"), BackendError);
}

TEST(LnbitsJson, WebsocketMessagesNameIncomingPayments) {
  // v1.5 (notifications.py send_ws_payment_notification) and older ("balance").
  EXPECT_EQ(notified_payment(R"({"wallet_balance": 1271, "payment": )" +
                             payment("success", "2027-01-15T08:10:00+00:00") + "}"),
            kHash);
  EXPECT_EQ(notified_payment(R"({"balance": 1271, "payment": {"payment_hash": ")" + kHashHex +
                             R"(", "amount": 21000, "pending": false}})"),
            kHash);
  EXPECT_FALSE(notified_payment(R"({"balance": 1250, "payment": {"payment_hash": ")" + kHashHex +
                                R"(", "amount": -21000}})"));
  EXPECT_FALSE(notified_payment(R"({"pending": false, "status": "success"})"));
  EXPECT_FALSE(notified_payment("ping"));
}

TEST(LnbitsJson, ErrorTextIsTheDetail) {
  EXPECT_EQ(error_text(R"({"detail": "Wallet not found."})"), "Wallet not found.");
  EXPECT_EQ(error_text(R"({"detail": [{"loc": ["body", "memo"],)"
                       R"( "msg": "ensure this value has at most 640 characters",)"
                       R"( "type": "value_error.any_str.max_length"}]})"),
            "ensure this value has at most 640 characters");
  EXPECT_EQ(error_text("Internal Server Error"), "Internal Server Error");
}

TEST(LnbitsJson, MemosAreCountedInCharacters) {
  EXPECT_EQ(code_points("L402"), 4u);
  EXPECT_EQ(code_points("\xc3\xa9t\xc3\xa9"), 3u);  // été
  EXPECT_EQ(code_points("\xf0\x9f\x8e\xb5"), 1u);   // a note emoji
}

}  // namespace
}  // namespace l402d::lightning::lnbits
