#include "admin/admin_guard.hpp"
#include "admin_fixture.hpp"
#include "util/hex.hpp"

namespace l402d::admin::testing {
namespace {

namespace json = boost::json;
using http::Status;
using http::Verb;

store::TokenRecord sold(const std::string& label, const std::string& service,
                        std::uint64_t price_msat) {
  auto t = store::testing::token(label, label);
  t.service = service;
  t.price_msat = price_msat;
  return t;
}

class AdminRoutes : public AdminFixture {
 protected:
  void redeem(const store::TokenRecord& t, std::int64_t at = kNow) {
    ASSERT_EQ(store->claim_token(t, at, 60).outcome, store::Claim::Outcome::claimed);
    ASSERT_TRUE(store->complete_token(t.token_id, store::testing::result("ok"), at));
  }
};

TEST_F(AdminRoutes, NoTokenIsUnauthorized) {
  const auto r = run({Verb::get, "/api/admin/services", "", "127.0.0.1", false, ""});
  EXPECT_EQ(r.status(), Status::unauthorized);
  EXPECT_EQ(code_of(r), "admin_unauthorized");
}

TEST_F(AdminRoutes, AWrongTokenIsUnauthorized) {
  const auto wrong = "Bearer " + std::string(64, '0');
  EXPECT_EQ(run({Verb::get, "/api/admin/services", "", "127.0.0.1", false, wrong}).status(),
            Status::unauthorized);
  EXPECT_EQ(
      run({Verb::get, "/api/admin/services", "", "127.0.0.1", false, "L402 " + token}).status(),
      Status::unauthorized);
  EXPECT_EQ(run({Verb::get, "/api/admin/services", "", "127.0.0.1", false, token}).status(),
            Status::unauthorized);
}

TEST_F(AdminRoutes, TheSchemeIsCaseInsensitive) {
  EXPECT_EQ(
      run({Verb::get, "/api/admin/services", "", "127.0.0.1", false, "bearer " + token}).status(),
      Status::ok);
}

TEST_F(AdminRoutes, ARemotePeerWithoutTlsIsRefusedEvenWithTheToken) {
  const auto r = run({Verb::get, "/api/admin/services", "", "203.0.113.7"});
  EXPECT_EQ(r.status(), Status::forbidden);
  EXPECT_EQ(code_of(r), "admin_forbidden_remote");
  EXPECT_EQ(run({Verb::get, "/api/admin/services", "", "::ffff:10.0.0.1"}).status(),
            Status::forbidden);
}

TEST_F(AdminRoutes, ARemotePeerOverTlsIsServed) {
  EXPECT_EQ(run({Verb::get, "/api/admin/services", "", "203.0.113.7", true}).status(), Status::ok);
  EXPECT_EQ(run({Verb::get, "/api/admin/services", "", "203.0.113.7", true, ""}).status(),
            Status::unauthorized);
}

TEST(AdminGuardPeers, LoopbackAddresses) {
  EXPECT_TRUE(is_loopback_peer("127.0.0.1"));
  EXPECT_TRUE(is_loopback_peer("127.3.2.1"));
  EXPECT_TRUE(is_loopback_peer("::1"));
  EXPECT_TRUE(is_loopback_peer("::ffff:127.0.0.1"));
  EXPECT_FALSE(is_loopback_peer("10.0.0.1"));
  EXPECT_FALSE(is_loopback_peer("::ffff:10.0.0.1"));
  EXPECT_FALSE(is_loopback_peer(""));
  EXPECT_FALSE(is_loopback_peer("localhost"));
}

TEST_F(AdminRoutes, ServicesAreListedWithTheirSettings) {
  const auto r = run({Verb::get, "/api/admin/services"});
  ASSERT_EQ(r.status(), Status::ok);
  const auto services = body_of(r).at("services").as_array();
  ASSERT_EQ(services.size(), 2u);
  const auto& vision = services[0].as_object();
  EXPECT_EQ(vision.at("name"), "vision");
  EXPECT_EQ(vision.at("path"), "/api/l402/vision");
  EXPECT_EQ(vision.at("kind"), "engine");
  EXPECT_EQ(vision.at("redemption"), "single_use");
  EXPECT_EQ(vision.at("price_sats").to_number<int>(), 10);
  EXPECT_EQ(vision.at("configured_price_sats").to_number<int>(), 10);
  EXPECT_EQ(vision.at("price_overridden"), false);
  EXPECT_EQ(vision.at("priced_per_request"), false);
  EXPECT_EQ(vision.at("enabled"), true);
}

TEST_F(AdminRoutes, APriceChangeIsLiveAndStored) {
  const auto before = overrides.version();
  const auto r = run({Verb::patch, "/api/admin/services/vision", R"({"price_sats": 25})"});
  ASSERT_EQ(r.status(), Status::ok);
  EXPECT_EQ(body_of(r).at("price_sats").to_number<int>(), 25);
  EXPECT_EQ(body_of(r).at("price_overridden"), true);
  EXPECT_EQ(overrides.find("vision")->price_sats(), std::optional<std::uint64_t>(25));
  EXPECT_FALSE(overrides.find("music")->price_sats());
  EXPECT_GT(overrides.version(), before);
  const auto stored = store->service_settings();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].price_sats, std::optional<std::uint64_t>(25));
  EXPECT_EQ(stored[0].updated_at, kNow);
}

TEST_F(AdminRoutes, DisablingKeepsThePrice) {
  run({Verb::patch, "/api/admin/services/vision", R"({"price_sats": 25})"});
  const auto r = run({Verb::patch, "/api/admin/services/vision", R"({"enabled": false})"});
  ASSERT_EQ(r.status(), Status::ok);
  EXPECT_EQ(body_of(r).at("enabled"), false);
  EXPECT_EQ(body_of(r).at("price_sats").to_number<int>(), 25);
  EXPECT_FALSE(overrides.find("vision")->enabled());
  EXPECT_EQ(overrides.find("vision")->price_sats(), std::optional<std::uint64_t>(25));
}

TEST_F(AdminRoutes, ABadChangeIsRefused) {
  for (const char* body : {"", "[]", "{}", R"({"price_sats": -1})", R"({"price_sats": "5"})",
                           R"({"enabled": 1})", R"({"colour": "red"})"}) {
    const auto r = run({Verb::patch, "/api/admin/services/vision", body});
    EXPECT_EQ(r.status(), Status::bad_request) << body;
    EXPECT_EQ(code_of(r), "admin_invalid_request") << body;
  }
  EXPECT_TRUE(store->service_settings().empty());
}

TEST_F(AdminRoutes, AnUnknownServiceIsNotFound) {
  const auto r = run({Verb::patch, "/api/admin/services/chat", R"({"enabled": false})"});
  EXPECT_EQ(r.status(), Status::not_found);
  EXPECT_EQ(code_of(r), "admin_service_unknown");
  EXPECT_EQ(run({Verb::post, "/api/admin/services/chat/revoke"}).status(), Status::not_found);
}

TEST_F(AdminRoutes, TokensAreListedWithTheirLife) {
  redeem(sold("a", "vision", 10'000), kNow - 10);
  redeem(sold("b", "music", 50'000), kNow - 5);
  const auto r = run({Verb::get, "/api/admin/tokens"});
  ASSERT_EQ(r.status(), Status::ok);
  const auto tokens = body_of(r).at("tokens").as_array();
  ASSERT_EQ(tokens.size(), 2u);
  const auto& newest = tokens[0].as_object();
  EXPECT_EQ(std::string(newest.at("id").as_string()), to_hex(sold("b", "music", 0).token_id));
  EXPECT_EQ(newest.at("service"), "music");
  EXPECT_EQ(newest.at("state"), "redeemed");
  EXPECT_EQ(newest.at("price_sats").to_number<int>(), 50);
  EXPECT_EQ(newest.at("price_msat").to_number<int>(), 50'000);
  EXPECT_EQ(newest.at("attempts").to_number<int>(), 1);
  EXPECT_EQ(newest.at("created_at").to_number<std::int64_t>(), kNow - 5);
  EXPECT_TRUE(newest.contains("updated_at"));
  EXPECT_TRUE(newest.contains("last_error"));

  const auto vision = run({Verb::get, "/api/admin/tokens?service=vision&state=redeemed"});
  EXPECT_EQ(body_of(vision).at("tokens").as_array().size(), 1u);
  const auto later = run({Verb::get, "/api/admin/tokens?since=" + std::to_string(kNow - 6)});
  EXPECT_EQ(body_of(later).at("tokens").as_array().size(), 1u);
  const auto earlier = run({Verb::get, "/api/admin/tokens?until=" + std::to_string(kNow - 6)});
  EXPECT_EQ(body_of(earlier).at("tokens").as_array().size(), 1u);
}

TEST_F(AdminRoutes, ABadTokenFilterIsRefused) {
  for (const char* q : {"state=spent", "since=yesterday", "limit=-1", "colour=red"}) {
    const auto r = run({Verb::get, std::string("/api/admin/tokens?") + q});
    EXPECT_EQ(r.status(), Status::bad_request) << q;
  }
}

TEST_F(AdminRoutes, ATokenIsRevoked) {
  const auto t = sold("a", "vision", 10'000);
  redeem(t);
  const auto id = to_hex(t.token_id);
  const auto r = run({Verb::post, "/api/admin/tokens/" + id + "/revoke"});
  ASSERT_EQ(r.status(), Status::ok);
  EXPECT_EQ(std::string(body_of(r).at("revoked").as_string()), id);
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(revoked[0], t.token_id);
}

TEST_F(AdminRoutes, RevokingAnUnknownOrMalformedTokenFails) {
  const auto unknown = run({Verb::post, "/api/admin/tokens/" + std::string(64, 'a') + "/revoke"});
  EXPECT_EQ(unknown.status(), Status::not_found);
  EXPECT_EQ(code_of(unknown), "admin_token_unknown");
  EXPECT_EQ(run({Verb::post, "/api/admin/tokens/xyz/revoke"}).status(), Status::bad_request);
  EXPECT_TRUE(revoked.empty());
}

TEST_F(AdminRoutes, EveryTokenOfAServiceIsRevoked) {
  redeem(sold("a", "vision", 10'000));
  redeem(sold("b", "vision", 10'000));
  redeem(sold("c", "music", 50'000));
  const auto r = run({Verb::post, "/api/admin/services/vision/revoke"});
  ASSERT_EQ(r.status(), Status::ok);
  EXPECT_EQ(body_of(r).at("service"), "vision");
  EXPECT_EQ(body_of(r).at("revoked").to_number<int>(), 2);
  EXPECT_EQ(revoked.size(), 2u);
}

TEST_F(AdminRoutes, RevenueIsPerServiceAndDay) {
  redeem(sold("a", "vision", 10'000));
  redeem(sold("b", "vision", 10'000));
  redeem(sold("c", "music", 50'000));
  redeem(sold("old", "music", 50'000), kNow - 40 * 86400);
  const auto r = run({Verb::get, "/api/admin/revenue?days=7"});
  ASSERT_EQ(r.status(), Status::ok);
  const auto body = body_of(r).as_object();
  EXPECT_EQ(body.at("days").to_number<int>(), 7);
  EXPECT_EQ(body.at("since"), "2024-09-28");
  const auto rows = body.at("rows").as_array();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("day"), "2024-10-04");
  EXPECT_EQ(rows[0].at("service"), "music");
  EXPECT_EQ(rows[0].at("earned_sats").to_number<int>(), 50);
  EXPECT_EQ(rows[1].at("service"), "vision");
  EXPECT_EQ(rows[1].at("earned_sats").to_number<int>(), 20);
  EXPECT_EQ(rows[1].at("paid").to_number<int>(), 2);
  EXPECT_EQ(rows[1].at("redeemed").to_number<int>(), 2);
  EXPECT_EQ(rows[1].at("failed").to_number<int>(), 0);
  EXPECT_EQ(body.at("totals").at("earned_sats").to_number<int>(), 70);
  // The default is 30 days; the old sale is 40 days back.
  const auto month = body_of(run({Verb::get, "/api/admin/revenue"}));
  EXPECT_EQ(month.at("totals").at("earned_sats").to_number<int>(), 70);
  EXPECT_EQ(run({Verb::get, "/api/admin/revenue?days=0"}).status(), Status::bad_request);
}

TEST_F(AdminRoutes, InvoicesAwaitingPaymentAreThisInstancesOpenChallenges) {
  const gateway::OpenChallenge a{sold("a", "vision", 0).payment_hash,
                                 "vision",
                                 10'000,
                                 gateway::rail_l402,
                                 kNow - 20,
                                 kNow + 600};
  const gateway::OpenChallenge b{sold("b", "music", 0).payment_hash,      "music",   50'000,
                                 gateway::rail_l402 | gateway::rail_x402, kNow - 10, kNow + 600};
  const gateway::OpenChallenge gone{sold("c", "music", 0).payment_hash,
                                    "music",
                                    50'000,
                                    gateway::rail_l402,
                                    kNow - 700,
                                    kNow - 100};
  open.add(gone, kNow - 700);
  open.add(a, kNow - 20);
  open.add(b, kNow - 10);
  const auto r = run({Verb::get, "/api/admin/invoices"});
  ASSERT_EQ(r.status(), Status::ok);
  const auto invoices = body_of(r).at("invoices").as_array();
  ASSERT_EQ(invoices.size(), 2u);  // the expired one is not awaiting anything
  const auto& newest = invoices[0].as_object();
  EXPECT_EQ(std::string(newest.at("payment_hash").as_string()), to_hex(b.payment_hash));
  EXPECT_EQ(newest.at("service"), "music");
  EXPECT_EQ(newest.at("amount_sats").to_number<int>(), 50);
  EXPECT_EQ(newest.at("created_at").to_number<std::int64_t>(), kNow - 10);
  EXPECT_EQ(newest.at("expires_at").to_number<std::int64_t>(), kNow + 600);
  EXPECT_EQ(newest.at("rails"), (json::array{"l402", "x402"}));
  const auto vision = run({Verb::get, "/api/admin/invoices?service=vision&limit=5"});
  EXPECT_EQ(body_of(vision).at("invoices").as_array().size(), 1u);
  EXPECT_EQ(
      body_of(run({Verb::get, "/api/admin/invoices?limit=1"})).at("invoices").as_array().size(),
      1u);
  for (const char* q : {"limit=many", "state=failed"})
    EXPECT_EQ(run({Verb::get, std::string("/api/admin/invoices?") + q}).status(),
              Status::bad_request)
        << q;
}

TEST_F(AdminRoutes, FailuresAreFailedTokensStillRedeemable) {
  const auto failed = sold("a", "vision", 10'000);
  ASSERT_EQ(store->claim_token(failed, kNow - 5, 60).outcome, store::Claim::Outcome::claimed);
  ASSERT_TRUE(store->fail_token(failed.token_id, "engine_unavailable", kNow - 4));
  const auto other = sold("b", "music", 50'000);
  ASSERT_EQ(store->claim_token(other, kNow - 3, 60).outcome, store::Claim::Outcome::claimed);
  ASSERT_TRUE(store->fail_token(other.token_id, "upstream_failed", kNow - 2));
  redeem(sold("c", "vision", 10'000));  // not failed: not listed
  const auto r = run({Verb::get, "/api/admin/failures"});
  ASSERT_EQ(r.status(), Status::ok);
  const auto failures = body_of(r).at("failures").as_array();
  ASSERT_EQ(failures.size(), 2u);
  const auto& newest = failures[0].as_object();
  EXPECT_EQ(std::string(newest.at("id").as_string()), to_hex(other.token_id));
  EXPECT_EQ(newest.at("state"), "failed");
  EXPECT_EQ(newest.at("last_error"), "upstream_failed");
  EXPECT_EQ(newest.at("attempts").to_number<int>(), 1);
  const auto vision = run({Verb::get, "/api/admin/failures?service=vision"});
  EXPECT_EQ(body_of(vision).at("failures").as_array().size(), 1u);
  // A revoked token cannot be retried: it leaves the list.
  ASSERT_EQ(run({Verb::post, "/api/admin/tokens/" + to_hex(other.token_id) + "/revoke"}).status(),
            Status::ok);
  const auto after = body_of(run({Verb::get, "/api/admin/failures"})).at("failures").as_array();
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(std::string(after[0].at("id").as_string()), to_hex(failed.token_id));
}

TEST_F(AdminRoutes, AnUnknownCallIsNotFound) {
  EXPECT_EQ(run({Verb::get, "/api/admin/nothing"}).status(), Status::not_found);
  EXPECT_EQ(run({Verb::post, "/api/admin/services"}).status(), Status::not_found);
  // Unauthenticated callers learn nothing about which paths exist.
  EXPECT_EQ(run({Verb::get, "/api/admin/nothing", "", "127.0.0.1", false, ""}).status(),
            Status::unauthorized);
}

}  // namespace
}  // namespace l402d::admin::testing
