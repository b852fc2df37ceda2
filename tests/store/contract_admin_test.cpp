// The contract of AdminQueries: service settings merge and survive a reopen,
// token listings filter by service, state and time, newest first, and the
// books sum paid tokens' prices per service and UTC day.

#include "store_contract.hpp"

namespace l402d::store::testing {
namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kToday = 20'000 * kDay;  // 2024-10-04, a UTC midnight

TokenRecord sold(const std::string& label, const std::string& service, std::uint64_t price_msat,
                 std::int64_t at) {
  auto t = token(label, label);
  t.service = service;
  t.price_msat = price_msat;
  t.created_at = t.updated_at = at;
  return t;
}

// Paid, claimed and then completed or failed, as the gate does.
void redeem(Store& s, const TokenRecord& t) {
  ASSERT_EQ(s.claim_token(t, t.created_at, 60).outcome, Claim::Outcome::claimed);
  ASSERT_TRUE(s.complete_token(t.token_id, result("ok"), t.created_at + 1));
}
void fail(Store& s, const TokenRecord& t) {
  ASSERT_EQ(s.claim_token(t, t.created_at, 60).outcome, Claim::Outcome::claimed);
  ASSERT_TRUE(s.fail_token(t.token_id, "engine_unavailable", t.created_at + 1));
}

TEST_P(AdminData, NoSettingsAtFirst) {
  EXPECT_TRUE(store->service_settings().empty());
}

TEST_P(AdminData, ASettingKeepsWhatAChangeLeavesOut) {
  store->put_service_setting({"vision", 25, std::nullopt, kToday});
  store->put_service_setting({"vision", std::nullopt, false, kToday + 1});
  store->put_service_setting({"music", std::nullopt, true, kToday + 2});
  const auto settings = store->service_settings();
  ASSERT_EQ(settings.size(), 2u);
  EXPECT_EQ(settings[0].service, "music");
  EXPECT_FALSE(settings[0].price_sats);
  EXPECT_EQ(settings[0].enabled, std::optional<bool>(true));
  EXPECT_EQ(settings[1].service, "vision");
  EXPECT_EQ(settings[1].price_sats, std::optional<std::uint64_t>(25));
  EXPECT_EQ(settings[1].enabled, std::optional<bool>(false));
  EXPECT_EQ(settings[1].updated_at, kToday + 1);
}

TEST_P(AdminData, SettingsOutliveTheStore) {
  if (!GetParam().shared) GTEST_SKIP() << "a second handle reaches another database";
  store->put_service_setting({"vision", 7, true, kToday});
  store.reset();
  auto reopened = open();
  const auto settings = reopened->service_settings();
  ASSERT_EQ(settings.size(), 1u);
  EXPECT_EQ(settings[0].price_sats, std::optional<std::uint64_t>(7));
}

TEST_P(AdminData, TokensAreListedNewestFirstAndFiltered) {
  const auto a = sold("a", "vision", 10'000, kToday + 10);
  const auto b = sold("b", "music", 50'000, kToday + 20);
  const auto c = sold("c", "vision", 10'000, kToday + 30);
  store->mark_token_paid(a, a.created_at);
  redeem(*store, b);
  redeem(*store, c);

  const auto all = store->list_tokens({});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].token_id, c.token_id);
  EXPECT_EQ(all[2].token_id, a.token_id);
  EXPECT_EQ(all[1].price_msat, 50'000u);
  EXPECT_EQ(all[1].service, "music");

  TokenQuery vision;
  vision.service = "vision";
  EXPECT_EQ(store->list_tokens(vision).size(), 2u);

  TokenQuery redeemed;
  redeemed.state = TokenState::redeemed;
  EXPECT_EQ(store->list_tokens(redeemed).size(), 2u);

  TokenQuery window;
  window.since = kToday + 15;
  window.until = kToday + 30;
  const auto in_window = store->list_tokens(window);
  ASSERT_EQ(in_window.size(), 1u);
  EXPECT_EQ(in_window[0].token_id, b.token_id);

  TokenQuery one;
  one.limit = 1;
  EXPECT_EQ(store->list_tokens(one).size(), 1u);
}

TEST_P(AdminData, TokensOfAServiceAreAllOfThem) {
  redeem(*store, sold("a", "vision", 1000, kToday));
  redeem(*store, sold("b", "vision", 1000, kToday + 1));
  redeem(*store, sold("c", "music", 1000, kToday + 2));
  EXPECT_EQ(store->tokens_of_service("vision").size(), 2u);
  EXPECT_EQ(store->tokens_of_service("music").size(), 1u);
  EXPECT_TRUE(store->tokens_of_service("chat").empty());
}

TEST_P(AdminData, RevenueSumsPaidTokensPerServiceAndDay) {
  redeem(*store, sold("y1", "vision", 10'000, kToday - kDay + 5));
  redeem(*store, sold("t1", "vision", 10'000, kToday + 5));
  fail(*store, sold("t2", "vision", 20'000, kToday + 6));
  redeem(*store, sold("t3", "music", 50'000, kToday + 7));
  auto unpaid = sold("t4", "vision", 99'000, kToday + 8);
  store->record_token_issued(unpaid);
  redeem(*store, sold("old", "vision", 10'000, kToday - 10 * kDay));

  const auto rows = store->revenue(kToday - kDay);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].day, kToday / kDay - 1);
  EXPECT_EQ(rows[0].service, "vision");
  EXPECT_EQ(rows[0].earned_msat, 10'000u);

  EXPECT_EQ(rows[1].day, kToday / kDay);
  EXPECT_EQ(rows[1].service, "music");
  EXPECT_EQ(rows[1].earned_msat, 50'000u);
  EXPECT_EQ(rows[1].redeemed, 1u);

  const auto& vision = rows[2];
  EXPECT_EQ(vision.service, "vision");
  // A failed token was paid: its price counts; an issued one's does not.
  EXPECT_EQ(vision.earned_msat, 30'000u);
  EXPECT_EQ(vision.recorded, 3u);
  EXPECT_EQ(vision.paid, 2u);
  EXPECT_EQ(vision.redeemed, 1u);
  EXPECT_EQ(vision.failed, 1u);
}

}  // namespace
}  // namespace l402d::store::testing
