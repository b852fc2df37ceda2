#include "client/token_cache.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "client/budget.hpp"
#include "client/tokens_command.hpp"
#include "temp_home.hpp"

namespace l402d::client {
namespace {

using testing::TempHome;

TokenEntry entry(std::string id, TokenState state, std::int64_t created, std::string body = "{}") {
  TokenEntry e;
  e.id = std::move(id);
  e.key = make_cache_key("http://h/x", "POST", body);
  e.state = state;
  e.macaroon = "AgEEbHNhdA==";
  e.invoice = "lnbcrt1...";
  e.payment_hash = std::string(64, 'a');
  if (state != TokenState::paying) e.preimage = std::string(64, 'b');
  e.amount_sats = 21;
  e.created_at = created;
  return e;
}

TEST(TokenCache, RoundTripsAndPrefersPaidEntries) {
  TempHome home;
  TokenCache cache(home.path() / "sub" / "tokens.json");
  EXPECT_TRUE(cache.list().empty());
  cache.put(entry("aaaa000000000001", TokenState::paying, 10));
  cache.put(entry("aaaa000000000002", TokenState::paid, 5));
  cache.put(entry("bbbb000000000003", TokenState::rejected, 20));
  auto found = cache.find(make_cache_key("http://h/x", "POST", "{}"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, "aaaa000000000002");
  EXPECT_EQ(found->preimage, std::string(64, 'b'));
  EXPECT_FALSE(cache.find(make_cache_key("http://h/x", "POST", "{\"a\":1}")));

  auto e = *found;
  e.state = TokenState::rejected;
  cache.put(e);
  EXPECT_EQ(cache.list().size(), 3U);
  EXPECT_EQ(cache.find(e.key)->id, "aaaa000000000001");

  struct stat st {};
  ASSERT_EQ(::stat(cache.file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  ASSERT_EQ(::stat(cache.file().parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700U);
}

TEST(TokenCache, RemovesByIdOrUniquePrefix) {
  TempHome home;
  TokenCache cache(home.path() / "tokens.json");
  cache.put(entry("aaaa000000000001", TokenState::paid, 1));
  cache.put(entry("aaaa000000000002", TokenState::paid, 2));
  cache.put(entry("bbbb000000000003", TokenState::paid, 3));
  EXPECT_FALSE(cache.remove("aaaa")) << "ambiguous";
  EXPECT_FALSE(cache.remove("cccc"));
  EXPECT_FALSE(cache.remove(""));
  EXPECT_TRUE(cache.remove("bbbb"));
  EXPECT_TRUE(cache.remove("aaaa000000000001"));
  EXPECT_EQ(cache.list().size(), 1U);
  EXPECT_EQ(cache.remove_all(), 1U);
  EXPECT_TRUE(cache.list().empty());
}

TEST(TokenCache, ACorruptFileIsAnErrorNotAnEmptyCache) {
  TempHome home;
  auto path = home.path() / "tokens.json";
  std::ofstream(path) << "{not json";
  TokenCache cache(path);
  EXPECT_THROW(cache.list(), std::runtime_error);
  EXPECT_THROW(cache.put(entry("x", TokenState::paid, 1)), std::runtime_error);
}

TEST(TokensCommand, ListHidesSecretsUnlessAsked) {
  TempHome home;
  TokenCache cache(home.path() / "tokens.json");
  cache.put(entry("aaaa000000000001", TokenState::paid, 1));
  std::ostringstream plain;
  list_tokens(cache, {}, plain);
  EXPECT_NE(plain.str().find("aaaa000000000001"), std::string::npos);
  EXPECT_NE(plain.str().find("POST http://h:80/x"), std::string::npos);
  EXPECT_EQ(plain.str().find(std::string(64, 'b')), std::string::npos);
  EXPECT_EQ(plain.str().find("AgEEbHNhdA"), std::string::npos);
  std::ostringstream json;
  list_tokens(cache, {true, false}, json);
  EXPECT_EQ(json.str().find(std::string(64, 'b')), std::string::npos);
  EXPECT_NE(json.str().find("\"state\":\"paid\""), std::string::npos);
  std::ostringstream secrets;
  list_tokens(cache, {false, true}, secrets);
  EXPECT_NE(secrets.str().find(std::string(64, 'b')), std::string::npos);
  EXPECT_NE(secrets.str().find("Authorization: L402 AgEEbHNhdA==:"), std::string::npos);
}

TEST(Budget, ReservesWithinTheLimitAndReleases) {
  TempHome home;
  std::int64_t now = 1'700'000'000;
  Budget b(home.path() / "budget.json", 100, [&] { return now; });
  EXPECT_EQ(b.today(), "2023-11-14");
  auto r1 = b.reserve(60'000);
  EXPECT_TRUE(r1.granted);
  auto r2 = b.reserve(40'001);
  EXPECT_FALSE(r2.granted) << "one msat over the limit";
  EXPECT_EQ(r2.spent_before_msat, 60'000U);
  EXPECT_TRUE(b.reserve(40'000).granted);
  EXPECT_EQ(b.spent_today_msat(), 100'000U);
  b.release(40'000, r1.day);
  EXPECT_EQ(b.spent_today_msat(), 60'000U);
  now += 86400;
  b.release(60'000, r1.day);  // yesterday's: nothing to give back today
  EXPECT_EQ(b.spent_today_msat(), 0U);
  Budget unlimited(home.path() / "budget.json", std::nullopt, [&] { return now; });
  EXPECT_TRUE(unlimited.reserve(1'000'000'000).granted);
}

TEST(Budget, SettlesAReservationAtWhatWasSpent) {
  TempHome home;
  std::int64_t now = 1'700'000'000;
  Budget b(home.path() / "budget.json", 100, [&] { return now; });
  auto r = b.reserve(31'000);  // 21 sats + a 10 sat fee limit
  ASSERT_TRUE(r.granted);
  b.settle(31'000, 22'500, r.day);  // 21 sats + 1.5 sats of fees
  EXPECT_EQ(b.spent_today_msat(), 22'500U);
  auto r2 = b.reserve(5'000);
  b.settle(5'000, 7'000, r2.day);  // a wallet above its limit: spent is spent
  EXPECT_EQ(b.spent_today_msat(), 29'500U);
  std::ifstream f(home.path() / "budget.json");
  std::stringstream text;
  text << f.rdbuf();
  EXPECT_NE(text.str().find("\"spent_msat\":29500"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("\"spent_sats\":30"), std::string::npos) << "rounded up for people";
}

TEST(Budget, ReadsFilesWrittenInSats) {
  TempHome home;
  std::int64_t now = 1'700'000'000;
  std::ofstream(home.path() / "budget.json") << R"({"day":"2023-11-14","spent_sats":42})";
  Budget b(home.path() / "budget.json", 100, [&] { return now; });
  EXPECT_EQ(b.spent_today_msat(), 42'000U);
  EXPECT_FALSE(b.reserve(58'001).granted);
  EXPECT_TRUE(b.reserve(58'000).granted);
}

}  // namespace
}  // namespace l402d::client
