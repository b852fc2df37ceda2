#include "client/token_cache.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <boost/json.hpp>
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

TEST(TokenCache, FilesWrittenBeforeReceiptsStillLoad) {
  TempHome home;
  auto path = home.path() / "tokens.json";
  // The format of the first release: no msat amounts, fees or used_at.
  std::ofstream(path)
      << R"({"version":1,"tokens":[{"id":"aaaa000000000001","server":"http://h:80",)"
         R"("method":"POST","target":"/x","request_sha256":"00","state":"paying",)"
         R"("scheme":"L402","macaroon":"AgE=","invoice":"lnbcrt1","payment_hash":"ab",)"
         R"("preimage":"","amount_sats":21,"budget_day":"2025-01-01","wallet":"dev",)"
         R"("created_at":5,"paid_at":0,"invoice_expires_at":9}]})";
  TokenCache cache(path);
  auto entries = cache.list();
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].amount_msat, 21'000U);
  EXPECT_EQ(entries[0].reserved_msat, 21'000U) << "what the old client reserved";
  EXPECT_EQ(entries[0].fee_msat, 0U);
  EXPECT_EQ(entries[0].used_at, 0);
  EXPECT_EQ(entries[0].rail, Rail::l402) << "written before rails: L402";
  EXPECT_EQ(entries[0].macaroon, "AgE=");
  cache.put(entries[0]);
  EXPECT_EQ(cache.list()[0].reserved_msat, 21'000U);
  EXPECT_EQ(cache.list()[0].rail, Rail::l402);
}

TEST(TokenCache, RemembersTheRailAndWhatItsCredentialEchoes) {
  TempHome home;
  TokenCache cache(home.path() / "tokens.json");
  auto mpp = entry("aaaa000000000001", TokenState::paying, 1);
  mpp.rail = Rail::mpp;
  mpp.scheme = "Payment";
  mpp.macaroon.clear();
  mpp.mpp_challenge = {"id1", "realm", "lightning", "charge", "eyJ9", "2026-12-06T16:36:26Z",
                       "",    "",      ""};
  cache.put(mpp);
  auto x402 = entry("bbbb000000000002", TokenState::paid, 2);
  x402.rail = Rail::x402;
  x402.scheme = "x402";
  x402.macaroon.clear();
  x402.x402_version = 2;
  x402.x402_accepted = {{"scheme", "exact"}, {"amount", "21000"}, {"extra", {{"n", 1}}}};
  cache.put(x402);
  cache.put(entry("cccc000000000003", TokenState::paid, 3));
  auto listed = cache.list();
  ASSERT_EQ(listed.size(), 3U);
  EXPECT_EQ(listed[0].rail, Rail::mpp);
  EXPECT_EQ(listed[0].mpp_challenge, mpp.mpp_challenge);
  EXPECT_EQ(listed[1].rail, Rail::x402);
  EXPECT_EQ(listed[1].x402_accepted, x402.x402_accepted);
  EXPECT_EQ(listed[1].x402_version, 2);
  EXPECT_EQ(listed[2].rail, Rail::l402);
  // What keeps a client from before rails from sending them as L402.
  std::ifstream in(cache.file());
  std::stringstream text;
  text << in.rdbuf();
  const auto tokens = boost::json::parse(text.str()).at("tokens").as_array();
  EXPECT_FALSE(tokens.at(0).as_object().contains("macaroon"));
  EXPECT_FALSE(tokens.at(1).as_object().contains("macaroon"));
  EXPECT_TRUE(tokens.at(2).as_object().contains("macaroon"));
}

TEST(TokenCache, AnUnknownRailOrAMissingEchoIsAnError) {
  TempHome home;
  auto path = home.path() / "tokens.json";
  const std::string head =
      R"({"version":1,"tokens":[{"id":"aaaa000000000001","server":"http://h:80",)"
      R"("method":"POST","target":"/x","request_sha256":"00","state":"paid",)"
      R"("scheme":"L402","macaroon":"","invoice":"lnbcrt1","payment_hash":"ab",)"
      R"("preimage":"","amount_sats":21,"budget_day":"2025-01-01","wallet":"dev",)"
      R"("created_at":5,"paid_at":0,"invoice_expires_at":9,)";
  for (const char* tail : {R"("rail":"lightspeed"}]})", R"("rail":"mpp"}]})",
                           R"("rail":"x402","x402_version":2}]})"}) {
    SCOPED_TRACE(tail);
    std::ofstream(path) << head << tail;
    EXPECT_THROW(TokenCache(path).list(), std::runtime_error);
  }
}

TEST(TokenCache, ReceiptsAreNeverCredentials) {
  TempHome home;
  TokenCache cache(home.path() / "tokens.json");
  auto used = entry("aaaa000000000001", TokenState::used, 10);
  used.used_at = 11;
  used.fee_msat = 1500;
  cache.put(used);
  EXPECT_FALSE(cache.find(used.key)) << "a used credential is never sent again";
  auto listed = cache.list();
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].state, TokenState::used);
  EXPECT_EQ(listed[0].used_at, 11);
  EXPECT_EQ(listed[0].fee_msat, 1500U);
}

TEST(TokenCache, PrunesOnlyReceiptsByAgeThenCount) {
  TempHome home;
  TokenCache cache(home.path() / "tokens.json");
  const std::int64_t now = 100 * 86'400;
  auto at = [&](std::string id, TokenState s, std::int64_t t) {
    auto e = entry(std::move(id), s, t);
    if (s == TokenState::used) e.used_at = t;
    cache.put(e);
  };
  at("old-paying", TokenState::paying, 0);
  at("old-paid", TokenState::paid, 0);
  at("old-used", TokenState::used, now - 91 * 86'400);
  at("old-rejected", TokenState::rejected, now - 91 * 86'400);
  at("used-3", TokenState::used, now - 3);
  at("used-1", TokenState::used, now - 1);
  at("used-2", TokenState::used, now - 2);
  EXPECT_EQ(cache.prune_receipts({90, 2}, now), 3U);
  std::vector<std::string> ids;
  for (const auto& e : cache.list())
    ids.push_back(e.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"old-paying", "old-paid", "used-1", "used-2"}));
  EXPECT_EQ(cache.prune_receipts({90, 2}, now), 0U);
  EXPECT_EQ(cache.prune_receipts({90, 0}, now), 2U) << "max_count 0 keeps no receipts";
  EXPECT_EQ(cache.list().size(), 2U);
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

TEST(TokensCommand, ListShowsTheRailAndItsCredential) {
  TempHome home;
  TokenCache cache(home.path() / "tokens.json");
  auto e = entry("aaaa000000000001", TokenState::paid, 1);
  e.rail = Rail::x402;
  e.macaroon.clear();
  e.x402_version = 2;
  e.x402_accepted = {{"scheme", "exact"}};
  cache.put(e);
  auto m = entry("bbbb000000000002", TokenState::paid, 2);
  m.rail = Rail::mpp;
  m.macaroon.clear();
  m.mpp_challenge = {"id1", "realm", "lightning", "charge", "eyJ9", "", "", "", ""};
  cache.put(m);
  std::ostringstream table;
  list_tokens(cache, {}, table);
  EXPECT_NE(table.str().find("RAIL  REQUEST"), std::string::npos) << table.str();
  EXPECT_NE(table.str().find("x402  POST http://h:80/x"), std::string::npos) << table.str();
  EXPECT_NE(table.str().find("mpp   POST http://h:80/x"), std::string::npos) << table.str();
  std::ostringstream json;
  list_tokens(cache, {true, false}, json);
  EXPECT_NE(json.str().find(R"("rail":"x402")"), std::string::npos) << json.str();
  std::ostringstream secrets;
  list_tokens(cache, {false, true}, secrets);
  EXPECT_NE(secrets.str().find("    PAYMENT-SIGNATURE: "), std::string::npos) << secrets.str();
  EXPECT_NE(secrets.str().find("    Authorization: Payment "), std::string::npos) << secrets.str();
  EXPECT_EQ(secrets.str().find("macaroon:"), std::string::npos) << "neither rail has one";
}

TEST(TokensCommand, ReceiptsShowWhatWasPaidIncludingTheFee) {
  TempHome home;
  TokenCache cache(home.path() / "tokens.json");
  auto e = entry("aaaa000000000001", TokenState::used, 1);
  e.amount_msat = 21'000;
  e.fee_msat = 1'500;
  e.fee_limit_msat = 10'000;
  e.paid_at = 1'700'000'000;
  e.used_at = 1'700'000'001;
  cache.put(e);
  auto paying = entry("bbbb000000000002", TokenState::paying, 2);
  paying.amount_msat = 21'000;
  paying.fee_limit_msat = 10'000;
  cache.put(paying);
  std::ostringstream table;
  list_tokens(cache, {}, table);
  EXPECT_NE(table.str().find("FEE"), std::string::npos) << table.str();
  EXPECT_NE(table.str().find("aaaa000000000001  used      21      1.5     2023-11-14T22:13:20Z"),
            std::string::npos)
      << table.str();
  EXPECT_NE(table.str().find("bbbb000000000002  paying    21      <=10"), std::string::npos)
      << table.str();
  EXPECT_EQ(table.str().find(std::string(64, 'b')), std::string::npos) << "no preimage";
  std::ostringstream json;
  list_tokens(cache, {true, false}, json);
  EXPECT_NE(json.str().find(R"("state":"used")"), std::string::npos) << json.str();
  EXPECT_NE(json.str().find(R"("fee_msat":1500)"), std::string::npos) << json.str();
  EXPECT_NE(json.str().find(R"("used_at":1700000001)"), std::string::npos) << json.str();
  EXPECT_EQ(json.str().find(std::string(64, 'b')), std::string::npos) << "no preimage";
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
