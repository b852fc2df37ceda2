#include "mpp/receipt.hpp"

#include <gtest/gtest.h>

#include <string>

#include "util/base64.hpp"

namespace l402d::mpp {
namespace {

Receipt charge_receipt() {
  Receipt r;
  r.timestamp = "2026-03-10T21:00:00Z";
  r.reference = "bc230847abcdef1234567890";
  r.challenge_id = "kM9xPqWvT2nJrHsY4aDfEb";
  return r;
}

TEST(MppReceipt, DefaultsToASuccessfulLightningReceipt) {
  const Receipt r;
  EXPECT_EQ(r.status, "success");
  EXPECT_EQ(r.method, "lightning");
}

TEST(MppReceipt, FormatsJcsInBase64Url) {
  // base64url of {"challengeId":"kM9xPqWvT2nJrHsY4aDfEb","method":"lightning",
  // "reference":"bc230847abcdef1234567890","status":"success","timestamp":"2026-03-10T21:00:00Z"}
  EXPECT_EQ(format_receipt(charge_receipt()),
            "eyJjaGFsbGVuZ2VJZCI6ImtNOXhQcVd2VDJuSnJIc1k0YURmRWIiLCJtZXRob2QiOiJsaWdodG5pbmciLCJyZW"
            "ZlcmVuY2UiOiJiYzIzMDg0N2FiY2RlZjEyMzQ1Njc4OTAiLCJzdGF0dXMiOiJzdWNjZXNzIiwidGltZXN0YW1w"
            "IjoiMjAyNi0wMy0xMFQyMTowMDowMFoifQ");
}

TEST(MppReceipt, OmitsAnEmptyChallengeId) {
  auto r = charge_receipt();
  r.challenge_id.clear();
  r.reference = "bc230847";
  const auto text = base64_decode(format_receipt(r));
  ASSERT_TRUE(text);
  EXPECT_EQ(as_chars(*text), R"({"method":"lightning","reference":"bc230847","status":"success",)"
                             R"("timestamp":"2026-03-10T21:00:00Z"})");
}

TEST(MppReceipt, ParsesAperturesReceipts) {
  // Aperture's "charge receipt" vector (its own member order).
  EXPECT_EQ(
      parse_receipt(
          "eyJzdGF0dXMiOiJzdWNjZXNzIiwibWV0aG9kIjoibGlnaHRuaW5nIiwidGltZXN0YW1wIjoiMjAyNi0wMy0x"
          "MFQyMTowMDowMFoiLCJyZWZlcmVuY2UiOiJiYzIzMDg0N2FiY2RlZjEyMzQ1Njc4OTAiLCJjaGFsbGVuZ2VJ"
          "ZCI6ImtNOXhQcVd2VDJuSnJIc1k0YURmRWIifQ"),
      charge_receipt());
  // "session close with a refund": extra members are ignored.
  const auto refund = parse_receipt(
      "eyJtZXRob2QiOiJsaWdodG5pbmciLCJyZWZlcmVuY2UiOiJhYTExYmIyMiIsInN0YXR1cyI6InN1Y2Nlc3MiLCJ0aW1l"
      "c3RhbXAiOiIyMDI2LTAzLTEwVDIxOjAwOjAwWiIsInJlZnVuZFNhdHMiOjE0MCwicmVmdW5kU3RhdHVzIjoic3VjY2Vl"
      "ZGVkIn0");
  ASSERT_TRUE(refund);
  EXPECT_EQ(refund->reference, "aa11bb22");
  EXPECT_EQ(refund->challenge_id, "");
  EXPECT_EQ(refund->timestamp, "2026-03-10T21:00:00Z");
}

TEST(MppReceipt, RoundTrips) {
  for (auto r : {charge_receipt(), Receipt{"success", "lightning", "t", "ref", ""}}) {
    EXPECT_EQ(parse_receipt(format_receipt(r)), r);
  }
}

TEST(MppReceipt, RejectsWhatIsNotAReceipt) {
  EXPECT_FALSE(parse_receipt(""));
  EXPECT_FALSE(parse_receipt("!!!"));
  EXPECT_FALSE(parse_receipt(base64url_encode(std::string_view("{oops}"))));
  EXPECT_FALSE(parse_receipt(base64url_encode(std::string_view(R"(["success"])"))));
  EXPECT_FALSE(parse_receipt(base64url_encode(std::string_view(R"({"reference":"r"})"))));
  EXPECT_FALSE(parse_receipt(base64url_encode(std::string_view(R"({"status":"success"})"))));
  EXPECT_FALSE(
      parse_receipt(base64url_encode(std::string_view(R"({"status":"success","reference":7})"))));
  // Aperture's need-topup event is no receipt.
  EXPECT_FALSE(parse_receipt(
      "eyJzZXNzaW9uSWQiOiJhYTExYmIyMiIsImJhbGFuY2VTcGVudCI6NDg2MCwiYmFsYW5jZVJlcXVpcmVkIjozfQ"));
}

}  // namespace
}  // namespace l402d::mpp
