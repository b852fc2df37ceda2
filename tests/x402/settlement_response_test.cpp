#include "x402/settlement_response.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "util/base64.hpp"

namespace l402d::x402 {
namespace {
namespace json = boost::json;

json::value decoded(std::string_view header) {
  const auto bytes = base64_decode(header);
  EXPECT_TRUE(bytes) << header;
  return bytes ? json::parse(as_chars(*bytes)) : json::value();
}

constexpr std::string_view kRegtest = "bip122:0f9188f13cb7b2c71f2a335e3a4fc328";

TEST(X402SettlementResponse, SuccessCarriesTheInvoiceAndWhenItSettled) {
  SettlementResponse r;
  r.success = true;
  r.transaction = "lnbcrt210n1p";
  r.network = std::string(kRegtest);
  r.settled_at = 1'800'000'000;
  const auto header = format_settlement_response(r);
  EXPECT_EQ(header.size() % 4, 0u);
  EXPECT_EQ(decoded(header), json::parse(R"({"success":true,"transaction":"lnbcrt210n1p",
      "network":"bip122:0f9188f13cb7b2c71f2a335e3a4fc328","payer":"anonymous",
      "extra":{"invoice":"lnbcrt210n1p","settledAt":1800000000}})"));
  r.settled_at = 0;
  EXPECT_EQ(decoded(format_settlement_response(r)).at("extra"),
            json::parse(R"({"invoice":"lnbcrt210n1p"})"));
}

TEST(X402SettlementResponse, FailureCarriesTheReasonAndNoExtra) {
  SettlementResponse r;
  r.error_reason = "invoice_mismatch";
  r.transaction = "lnbcrt210n1p";
  r.network = std::string(kRegtest);
  r.settled_at = 5;  // ignored on failure
  EXPECT_EQ(decoded(format_settlement_response(r)),
            json::parse(R"({"success":false,"transaction":"lnbcrt210n1p",
      "network":"bip122:0f9188f13cb7b2c71f2a335e3a4fc328","payer":"anonymous",
      "errorReason":"invoice_mismatch"})"));
}

TEST(X402SettlementResponse, ParsesWhatItFormats) {
  SettlementResponse r;
  r.success = false;
  r.error_reason = "payment_unsettled";
  r.transaction = "lnbc1";
  r.network = "bip122:000000000019d6689c085ae165831e93";
  r.payer = "02abc";
  const auto p = parse_settlement_response(format_settlement_response(r));
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->success);
  EXPECT_EQ(p->error_reason, "payment_unsettled");
  EXPECT_EQ(p->transaction, "lnbc1");
  EXPECT_EQ(p->network, "bip122:000000000019d6689c085ae165831e93");
  EXPECT_EQ(p->payer, "02abc");

  r.success = true;
  r.error_reason.clear();
  const auto ok = parse_settlement_response(format_settlement_response(r));
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->success);
  EXPECT_EQ(ok->error_reason, "");
}

TEST(X402SettlementResponse, RejectsWhatIsNotASettlement) {
  EXPECT_FALSE(parse_settlement_response(""));
  EXPECT_FALSE(parse_settlement_response("!!!"));
  EXPECT_FALSE(parse_settlement_response(base64_encode(std::string_view("{oops}"))));
  EXPECT_FALSE(parse_settlement_response(base64_encode(std::string_view("[true]"))));
  EXPECT_FALSE(
      parse_settlement_response(base64_encode(std::string_view(R"({"transaction":"x"})"))));
  EXPECT_FALSE(parse_settlement_response(base64_encode(std::string_view(R"({"success":"true"})"))));
  EXPECT_FALSE(parse_settlement_response(base64_encode(std::string_view(R"({"success":1})"))));
}

}  // namespace
}  // namespace l402d::x402
