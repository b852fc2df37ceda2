#include "mcp/paid_tool_call.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "util/base64.hpp"

namespace l402d::mcp {
namespace {

http::StringResponse answer(http::Status status, std::string body) {
  http::StringResponse r{status, 11};
  r.set(http::Field::content_type, "application/json");
  r.body() = std::move(body);
  return r;
}

const std::string kChallenge =
    R"({"error":{"code":"payment_required","message":"Pay the invoice."},"service":"echo",)"
    R"("price_sats":3,"invoice":"lnbcrt30n1x","macaroon":"AgEmac","payment_hash":"ab12","expires_at":1796571264})";

std::string text_of(const json::object& result, std::size_t i = 0) {
  return std::string(result.at("content").at(i).at("text").as_string());
}

TEST(PaidToolCall, A402IsAPaymentRequestAnAgentCanActOn) {
  auto r = tool_result_of(answer(http::Status::payment_required, kChallenge), {"echo"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->at("isError"), true);
  const auto& s = r->at("structuredContent");
  EXPECT_EQ(s.at("invoice"), "lnbcrt30n1x");
  EXPECT_EQ(s.at("macaroon"), "AgEmac");
  EXPECT_EQ(s.at("amount_sats"), 3);
  EXPECT_EQ(s.at("payment_hash"), "ab12");
  EXPECT_EQ(s.at("expires_at"), 1796571264);
  const auto text = text_of(*r);
  for (const auto* word :
       {"3 sats", "lnbcrt30n1x", "AgEmac", "Lightning wallet", "preimage", "same arguments"})
    EXPECT_NE(text.find(word), std::string::npos) << word;
  EXPECT_FALSE(r->contains("_meta")) << "no x402 offer without the rail";
}

TEST(PaidToolCall, TheX402OfferIsWhereItsMcpTransportPutsIt) {
  auto a = answer(http::Status::payment_required, kChallenge);
  const std::string offer = R"({"x402Version":2,"accepts":[{"scheme":"exact","amount":"3000"}]})";
  a.set("PAYMENT-REQUIRED", base64_encode(offer));
  auto r = tool_result_of(a, {"echo"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->at("structuredContent").at("x402Version"), 2);
  EXPECT_EQ(r->at("structuredContent").at("accepts").at(0).at("amount"), "3000");
  EXPECT_EQ(r->at("structuredContent").at("invoice"), "lnbcrt30n1x");
  EXPECT_EQ(r->at("_meta").at("x402/payment-required"), json::parse(offer));
}

TEST(PaidToolCall, AnMppClientGetsError32042WithTheChallenges) {
  auto a = answer(http::Status::payment_required, kChallenge);
  const auto request = base64url_encode(std::string(R"({"amount":"3","currency":"sat"})"));
  a.insert(http::Field::www_authenticate, R"(L402 macaroon="AgEmac", invoice="lnbcrt30n1x")");
  a.insert(
      http::Field::www_authenticate,
      R"(Payment id="cid", realm="ai.example.com", method="lightning", intent="charge", request=")" +
          request + R"(", expires="2026-12-06T16:36:26Z")");
  auto plain = tool_result_of(a, {"echo", true, false});
  ASSERT_TRUE(plain) << "only a client that asked for it";
  auto r = tool_result_of(a, {"echo", true, true});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, RpcCode::payment_required);
  const auto& data = r.error().data;
  EXPECT_EQ(data.at("httpStatus"), 402);
  ASSERT_EQ(data.at("challenges").as_array().size(), 1u);
  const auto& c = data.at("challenges").at(0);
  EXPECT_EQ(c.at("id"), "cid");
  EXPECT_EQ(c.at("method"), "lightning");
  EXPECT_EQ(c.at("request").at("amount"), "3") << "the request as JSON, not base64url";
}

TEST(PaidToolCall, A202IsAJobToPollWithCheckJob) {
  auto r = tool_result_of(
      answer(
          http::Status::accepted,
          R"({"job_id":"3f0c","status":"processing","stage":"running","poll_url":"http://h/api/l402/jobs/3f0c","poll_interval_ms":2000})"),
      {"slow"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->at("isError"), false);
  EXPECT_EQ(r->at("structuredContent").at("job_id"), "3f0c");
  EXPECT_NE(text_of(*r).find("check_job"), std::string::npos);
  EXPECT_NE(text_of(*r).find("3f0c"), std::string::npos);
}

TEST(PaidToolCall, A200IsTheResult) {
  auto vision = tool_result_of(answer(http::Status::ok, R"({"content":"A cat."})"), {"vision"});
  ASSERT_TRUE(vision);
  EXPECT_EQ(vision->at("isError"), false);
  EXPECT_EQ(text_of(*vision), "A cat.");
  EXPECT_EQ(vision->at("structuredContent").at("content"), "A cat.");

  auto song = answer(http::Status::ok, R"({"audioUrl":"http://h/media/a.mp3"})");
  song.set("PAYMENT-RESPONSE", base64_encode(std::string(R"({"success":true})")));
  auto linked = tool_result_of(song, {"music", true});
  ASSERT_TRUE(linked);
  EXPECT_NE(text_of(*linked).find("http://h/media/a.mp3"), std::string::npos);
  EXPECT_EQ(linked->at("content").at(1).at("type"), "resource_link");
  EXPECT_EQ(linked->at("content").at(1).at("uri"), "http://h/media/a.mp3");
  EXPECT_EQ(linked->at("content").at(1).at("mimeType"), "audio/mpeg");
  EXPECT_EQ(linked->at("_meta").at("x402/payment-response").at("success"), true);
  auto old = tool_result_of(song, {"music", false});
  EXPECT_EQ(old->at("content").as_array().size(), 1u) << "no resource_link before 2025-06-18";
}

TEST(PaidToolCall, BadInputIsTheApisMessageAndNoInvoice) {
  auto r = tool_result_of(
      answer(
          http::Status::bad_request,
          R"({"error":{"code":"missing_field","message":"'image' is required.","field":"image"}})"),
      {"vision"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->at("isError"), true);
  EXPECT_EQ(text_of(*r), "missing_field: 'image' is required.");
  EXPECT_FALSE(r->at("structuredContent").as_object().contains("invoice"));
}

TEST(PaidToolCall, ARefusedCredentialSaysWhyBeforeTheNewInvoice) {
  auto body = json::parse(kChallenge).as_object();
  body["error"] = {{"code", "token_request_mismatch"}, {"message", "Another request."}};
  auto r = tool_result_of(answer(http::Status::payment_required, json::serialize(body)), {"echo"});
  ASSERT_TRUE(r);
  EXPECT_TRUE(
      text_of(*r).starts_with("The payment given was not accepted (token_request_mismatch"));
}

TEST(PaidToolCall, BusyCarriesRetryAfter) {
  auto a = answer(http::Status::service_unavailable,
                  R"({"error":{"code":"busy","message":"Try again."}})");
  a.set(http::Field::retry_after, "5");
  auto r = tool_result_of(a, {"echo"});
  EXPECT_EQ(text_of(*r), "busy: Try again. (retry after 5 s)");
}

}  // namespace
}  // namespace l402d::mcp
