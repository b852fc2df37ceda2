#include "client/fetcher.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "client/dev_wallet.hpp"
#include "client/exit_codes.hpp"
#include "client/url.hpp"
#include "fake_l402_server.hpp"
#include "mpp/credential.hpp"
#include "temp_home.hpp"
#include "x402/payment_payload.hpp"

namespace l402d::client {
namespace {

using testing::FakeL402Server;
using testing::TempHome;

// Counts exchanges with the resource (not /dev/pay) and can "crash" (throw)
// on a chosen one, as a killed process would stop between two steps.
struct ScriptedTransport {
  int resource_calls = 0;
  int throw_on_resource_call = 0;  // 0: never
  Transport fn() {
    return [this](const net::HttpRequest& r) {
      if (r.url.find("/dev/pay") == std::string::npos) {
        ++resource_calls;
        if (resource_calls == throw_on_resource_call) {
          throw net::HttpError(net::HttpError::Kind::other, "simulated crash");
        }
      }
      return net::perform(r);
    };
  }
};

class FetcherTest : public ::testing::Test {
 protected:
  FetchResult fetch(const std::string& path, FetchOptions options = {},
                    Transport transport = default_transport(), Wallet* wallet = nullptr,
                    std::string body = R"({"prompt":"hi"})") {
    DevWallet dev(parse_url(server.url()).origin(), transport);
    TokenCache cache(home.path() / "tokens.json");
    Budget budget(home.path() / "budget.json", daily_limit, [this] { return now + days * 86400; });
    Fetcher f(
        transport, wallet ? *wallet : dev, cache, budget, options, [this] { return now; },
        [this](std::string_view s) { notices.emplace_back(s); });
    net::HttpRequest req;
    req.method = "POST";
    req.url = server.url(path);
    req.headers = {{"Content-Type", "application/json"}};
    req.headers.insert(req.headers.end(), extra_headers.begin(), extra_headers.end());
    req.body = std::move(body);
    return f.fetch(req);
  }
  std::vector<TokenEntry> cached() { return TokenCache(home.path() / "tokens.json").list(); }
  std::uint64_t spent() { return spent_msat() / 1000; }
  std::uint64_t spent_msat() {
    return Budget(home.path() / "budget.json", daily_limit, [this] { return now + days * 86400; })
        .spent_today_msat();
  }
  std::vector<TokenEntry> unused() {
    auto all = cached();
    std::erase_if(all, [](const TokenEntry& e) { return e.state == TokenState::used; });
    return all;
  }

  FakeL402Server server;
  TempHome home;
  std::optional<std::uint64_t> daily_limit;
  std::int64_t now = testing::now_seconds();
  std::int64_t days = 0;  // moves the budget's clock only: the server's invoices stay fresh
  std::vector<std::string> notices;
  std::vector<std::pair<std::string, std::string>> extra_headers;  // as with -H
};

TEST_F(FetcherTest, PaysTheChallengeAndRepeatsTheRequest) {
  auto r = fetch("/api/l402/thing");
  ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
  EXPECT_EQ(r.exit_code(), kExitOk);
  EXPECT_TRUE(r.paid);
  EXPECT_EQ(r.response->body, R"({"content":"the answer"})");
  EXPECT_EQ(server.pay_calls(), 1);
  EXPECT_EQ(server.challenges(), 1);
  EXPECT_EQ(server.served(), 1);
  ASSERT_TRUE(r.quote);
  EXPECT_EQ(r.quote->amount_sats, 21U);
  auto auths = server.authorizations();
  ASSERT_EQ(auths.size(), 1U);
  EXPECT_EQ(auths[0].rfind("L402 ", 0), 0U);
  auto receipts = cached();
  ASSERT_EQ(receipts.size(), 1U) << "a used credential stays as a receipt";
  EXPECT_EQ(receipts[0].state, TokenState::used);
  EXPECT_EQ(receipts[0].used_at, now);
  EXPECT_EQ(receipts[0].amount_msat, 21000U);
  EXPECT_EQ(receipts[0].fee_msat, 0U);
  EXPECT_EQ(spent(), 21U);
  for (const auto& n : notices) {
    EXPECT_EQ(n.find(auths[0].substr(5, 20)), std::string::npos) << "no macaroon in notices";
  }
}

TEST_F(FetcherTest, LsatChallengeWithMacaroonParameter) {
  auto r = fetch("/api/lsat");
  ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
  EXPECT_EQ(r.response->body, R"({"content":"lsat ok"})");
  ASSERT_EQ(server.authorizations().size(), 1U);
  EXPECT_EQ(server.authorizations()[0].rfind("LSAT ", 0), 0U);
}

TEST_F(FetcherTest, LsatChallengeWithTokenParameter) {
  auto r = fetch("/api/lsat-token");
  ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
  EXPECT_EQ(r.response->body, R"({"content":"token ok"})");
  EXPECT_EQ(server.pay_calls(), 1);
}

TEST_F(FetcherTest, PrefersTheL402ChallengeAmongSeveral) {
  auto r = fetch("/api/both");
  ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
  EXPECT_EQ(server.authorizations()[0].rfind("L402 ", 0), 0U);
}

TEST_F(FetcherTest, RefusesAnInvoiceAboveMaxSatsBeforePaying) {
  FetchOptions o;
  o.max_sats = 20;
  auto r = fetch("/api/l402/thing", o);
  EXPECT_EQ(r.status, FetchStatus::refused);
  EXPECT_EQ(r.exit_code(), kExitRefused);
  EXPECT_NE(r.message.find("max-sats"), std::string::npos) << r.message;
  EXPECT_EQ(server.pay_calls(), 0);
  EXPECT_TRUE(cached().empty());
  EXPECT_EQ(spent(), 0U);
}

TEST_F(FetcherTest, DryRunShowsThePriceAndPaysNothing) {
  FetchOptions o;
  o.dry_run = true;
  auto r = fetch("/api/l402/thing", o);
  EXPECT_EQ(r.status, FetchStatus::dry_run);
  EXPECT_EQ(r.exit_code(), kExitDryRun);
  ASSERT_TRUE(r.quote);
  EXPECT_EQ(r.quote->amount_sats, 21U);
  EXPECT_EQ(r.quote->amount_msat, 21000U);
  EXPECT_EQ(r.quote->description, "L402 svc");
  EXPECT_EQ(r.quote->network, "regtest");
  EXPECT_TRUE(r.quote->refusal.empty());
  EXPECT_EQ(server.pay_calls(), 0);
  EXPECT_TRUE(cached().empty());

  o.max_sats = 5;
  r = fetch("/api/l402/thing", o);
  EXPECT_EQ(r.status, FetchStatus::dry_run);
  EXPECT_NE(r.quote->refusal.find("max-sats"), std::string::npos);
}

TEST_F(FetcherTest, CrashBetweenPayingAndRetryingReusesTheCredential) {
  ScriptedTransport crashing;
  crashing.throw_on_resource_call = 2;  // the paid retry never happens
  auto r = fetch("/api/l402/thing", {}, crashing.fn());
  EXPECT_EQ(r.status, FetchStatus::network_error);
  EXPECT_EQ(r.exit_code(), kExitNetwork);
  EXPECT_EQ(server.pay_calls(), 1);
  auto entries = cached();
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].state, TokenState::paid);
  EXPECT_EQ(entries[0].preimage.size(), 64U);

  ScriptedTransport fine;
  r = fetch("/api/l402/thing", {}, fine.fn());
  ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
  EXPECT_TRUE(r.used_cached);
  EXPECT_FALSE(r.paid);
  EXPECT_EQ(fine.resource_calls, 1) << "straight to the paid request";
  EXPECT_EQ(server.pay_calls(), 1) << "never paid twice";
  EXPECT_EQ(server.challenges(), 1);
  EXPECT_TRUE(unused().empty());
  EXPECT_EQ(spent(), 21U);
}

// Pays through the real dev wallet, then "crashes" before the preimage is
// recorded (or before paying at all).
class CrashingWallet final : public Wallet {
 public:
  CrashingWallet(Wallet& inner, bool pay_first) : inner_(inner), pay_first_(pay_first) {}
  std::string name() const override { return "dev"; }
  PayResult pay(const std::string& b, const bolt11::Invoice& d, std::uint64_t fee) override {
    if (pay_first_) (void)inner_.pay(b, d, fee);
    throw std::runtime_error("simulated crash");
  }
  PayResult status(const std::string& b, const bolt11::Invoice& d) override {
    return inner_.status(b, d);
  }
  std::optional<bolt11::Network> network() const override { return inner_.network(); }

 private:
  Wallet& inner_;
  bool pay_first_;
};

TEST_F(FetcherTest, CrashWhilePayingIsResolvedThroughTheWalletNotANewPayment) {
  for (bool pay_first : {true, false}) {
    SCOPED_TRACE(pay_first ? "paid before the crash" : "crashed before paying");
    DevWallet dev(parse_url(server.url()).origin(), default_transport());
    CrashingWallet crashing(dev, pay_first);
    int challenges_before = server.challenges();
    auto r = fetch("/api/l402/thing", {}, default_transport(), &crashing);
    EXPECT_EQ(r.status, FetchStatus::payment_failed);
    EXPECT_EQ(r.exit_code(), kExitPaymentFailed);
    auto entries = unused();
    ASSERT_EQ(entries.size(), 1U);
    EXPECT_EQ(entries[0].state, TokenState::paying);
    EXPECT_TRUE(entries[0].preimage.empty());
    EXPECT_FALSE(entries[0].payment_hash.empty());

    r = fetch("/api/l402/thing");
    ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
    EXPECT_TRUE(r.used_cached);
    EXPECT_FALSE(r.paid);
    EXPECT_EQ(server.challenges(), challenges_before + 1) << "no second challenge was paid";
    EXPECT_TRUE(unused().empty());
  }
  EXPECT_EQ(server.distinct_invoices_paid(), 2U);
  EXPECT_EQ(spent(), 42U);
}

// Pays through the real dev wallet and charges a fee as a routing node
// would; remembers what it was asked and what the budget held meanwhile.
class FeeChargingWallet final : public Wallet {
 public:
  FeeChargingWallet(Wallet& inner, std::function<std::uint64_t()> spent_msat)
      : inner_(inner), spent_msat_(std::move(spent_msat)) {}
  std::string name() const override { return name_; }
  Expected<std::uint64_t, std::string> fee_limit_msat(const std::string&, const bolt11::Invoice&,
                                                      std::uint64_t max_fee_msat) override {
    if (refuse_fee) return unexpected(std::string("this wallet charges 99 sats"));
    return own_limit.value_or(max_fee_msat);
  }
  PayResult pay(const std::string& b, const bolt11::Invoice& d, std::uint64_t max_fee) override {
    seen_max_fee = max_fee;
    spent_while_paying = spent_msat_();
    auto r = inner_.pay(b, d, max_fee);
    r.fee_msat = fee;
    return r;
  }
  PayResult status(const std::string& b, const bolt11::Invoice& d) override {
    ++status_calls;
    return inner_.status(b, d);
  }
  std::optional<bolt11::Network> network() const override {
    return network_override ? network_override : inner_.network();
  }

  std::string name_ = "dev";
  bool refuse_fee = false;
  std::optional<std::uint64_t> own_limit;  // a wallet whose fee is known in advance
  std::optional<std::uint64_t> fee = 1500;
  std::optional<bolt11::Network> network_override;
  std::uint64_t seen_max_fee = 0;
  std::uint64_t spent_while_paying = 0;
  int status_calls = 0;

 private:
  Wallet& inner_;
  std::function<std::uint64_t()> spent_msat_;
};

class FeeTest : public FetcherTest {
 protected:
  FetchResult pay(FetchOptions o = {}, std::string body = R"({"prompt":"hi"})") {
    return fetch("/api/l402/thing", o, default_transport(), &wallet, std::move(body));
  }
  DevWallet dev{parse_url(server.url()).origin(), default_transport()};
  FeeChargingWallet wallet{dev, [this] { return spent_msat(); }};
};

TEST_F(FeeTest, TheBudgetHoldsPricePlusFeeLimitWhilePayingThenTheFeeCharged) {
  daily_limit = 100;
  auto r = pay();
  ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
  EXPECT_EQ(wallet.seen_max_fee, 10'000U) << "the default max fee, 10 sats, reaches the wallet";
  EXPECT_EQ(wallet.spent_while_paying, 31'000U) << "21 sats + a 10 sat fee limit reserved";
  EXPECT_EQ(spent_msat(), 22'500U) << "settled at 21 sats + the 1.5 sats charged";
  ASSERT_TRUE(r.quote);
  EXPECT_EQ(r.quote->fee_limit_msat, 10'000U);
  auto receipts = cached();
  ASSERT_EQ(receipts.size(), 1U);
  EXPECT_EQ(receipts[0].state, TokenState::used);
  EXPECT_EQ(receipts[0].fee_msat, 1500U);
  EXPECT_EQ(receipts[0].fee_limit_msat, 10'000U);
  EXPECT_EQ(receipts[0].amount_msat, 21'000U);
}

TEST_F(FeeTest, AFeeKnownInAdvanceIsWhatIsCounted) {
  daily_limit = 100;
  wallet.own_limit = 4'084;
  wallet.fee = 4'084;
  ASSERT_EQ(pay().status, FetchStatus::ok);
  EXPECT_EQ(wallet.seen_max_fee, 4'084U);
  EXPECT_EQ(wallet.spent_while_paying, 25'084U);
}

TEST_F(FeeTest, MaxSatsCountsTheFeeLimit) {
  FetchOptions o;
  o.max_sats = 30;
  auto r = pay(o);
  EXPECT_EQ(r.status, FetchStatus::refused);
  EXPECT_NE(r.message.find("the price 21 sats plus up to 10 sats in fees is above --max-sats 30"),
            std::string::npos)
      << r.message;
  EXPECT_EQ(server.pay_calls(), 0);
  o.max_fee_sats = 9;
  EXPECT_EQ(pay(o).status, FetchStatus::ok);
  EXPECT_EQ(wallet.seen_max_fee, 9'000U);
}

TEST_F(FeeTest, TheDailyBudgetCountsTheFeeLimit) {
  daily_limit = 30;
  auto r = pay();
  EXPECT_EQ(r.status, FetchStatus::refused);
  EXPECT_NE(r.message.find("budget"), std::string::npos) << r.message;
  EXPECT_EQ(server.pay_calls(), 0);
  EXPECT_EQ(spent_msat(), 0U);
  daily_limit = 31;
  EXPECT_EQ(pay().status, FetchStatus::ok);
}

TEST_F(FeeTest, AWalletThatWouldChargeMoreIsRefusedBeforePaying) {
  wallet.refuse_fee = true;
  auto r = pay();
  EXPECT_EQ(r.status, FetchStatus::refused);
  EXPECT_EQ(r.exit_code(), kExitRefused);
  EXPECT_NE(r.message.find("this wallet charges 99 sats (--max-fee-sats 10)"), std::string::npos)
      << r.message;
  EXPECT_EQ(server.pay_calls(), 0);
  EXPECT_TRUE(cached().empty());
  FetchOptions o;
  o.dry_run = true;
  auto dry = pay(o);
  EXPECT_EQ(dry.status, FetchStatus::dry_run);
  EXPECT_NE(dry.quote->refusal.find("99 sats"), std::string::npos);
}

TEST_F(FeeTest, AFeeTheWalletDoesNotReportIsCountedAtItsLimit) {
  daily_limit = 100;
  wallet.fee.reset();
  ASSERT_EQ(pay().status, FetchStatus::ok);
  EXPECT_EQ(spent_msat(), 31'000U);
  EXPECT_EQ(cached().at(0).fee_msat, 10'000U);
}

TEST_F(FeeTest, AnInvoiceForTheWalletsOtherNetworkIsRefusedEvenWithAnExplicitNetwork) {
  wallet.network_override = bolt11::Network::mainnet;
  FetchOptions o;
  o.network = bolt11::Network::regtest;  // what the server's invoices are for
  auto r = pay(o);
  EXPECT_EQ(r.status, FetchStatus::refused);
  EXPECT_NE(r.message.find("the dev wallet pays on mainnet"), std::string::npos) << r.message;
  EXPECT_EQ(server.pay_calls(), 0);
}

TEST_F(FeeTest, AnInterruptedPaymentIsOnlyResolvedByTheWalletThatMadeIt) {
  CrashingWallet crashing(dev, true);
  ASSERT_EQ(fetch("/api/l402/thing", {}, default_transport(), &crashing).status,
            FetchStatus::payment_failed);
  wallet.name_ = "lnd";
  auto r = pay();
  EXPECT_EQ(r.status, FetchStatus::payment_failed);
  EXPECT_NE(r.message.find("--wallet dev"), std::string::npos) << r.message;
  EXPECT_EQ(wallet.status_calls, 0) << "another wallet would call it never sent";
  EXPECT_EQ(server.challenges(), 1) << "and nothing new is bought";
  ASSERT_EQ(cached().size(), 1U);
  EXPECT_EQ(cached()[0].state, TokenState::paying);
}

TEST_F(FeeTest, ReceiptsArePrunedToTheRetention) {
  FetchOptions o;
  o.receipts.max_count = 2;
  for (const char* body : {R"({"n":1})", R"({"n":2})", R"({"n":3})"}) {
    ++now;
    ASSERT_EQ(pay(o, body).status, FetchStatus::ok);
  }
  auto receipts = cached();
  ASSERT_EQ(receipts.size(), 2U);
  for (const auto& e : receipts) {
    EXPECT_NE(e.key.request_sha256,
              make_cache_key("http://x/", "POST", R"({"n":1})").request_sha256)
        << "the oldest went";
  }
  o.receipts.max_age_days = 0;
  ++now;
  ASSERT_EQ(pay(o, R"({"n":4})").status, FetchStatus::ok);
  EXPECT_EQ(cached().size(), 1U) << "only the receipt written this second";
}

TEST_F(FetcherTest, RefusesAnInvoiceThatDoesNotPayForTheMacaroon) {
  server.mismatch_hash = true;
  auto r = fetch("/api/l402/thing");
  EXPECT_EQ(r.status, FetchStatus::refused);
  EXPECT_EQ(r.exit_code(), kExitRefused);
  EXPECT_NE(r.message.find("payment hash"), std::string::npos) << r.message;
  EXPECT_EQ(server.pay_calls(), 0);
  EXPECT_EQ(spent(), 0U);
}

TEST_F(FetcherTest, RefusesAnExpiredInvoice) {
  server.invoice_age = 7200;
  auto r = fetch("/api/l402/thing");
  EXPECT_EQ(r.status, FetchStatus::refused);
  EXPECT_NE(r.message.find("expired"), std::string::npos) << r.message;
  EXPECT_EQ(server.pay_calls(), 0);
}

TEST_F(FetcherTest, RefusesAnInvoiceForAnotherNetwork) {
  server.network_mainnet = true;
  auto r = fetch("/api/l402/thing");
  EXPECT_EQ(r.status, FetchStatus::refused);
  EXPECT_NE(r.message.find("mainnet"), std::string::npos) << r.message;
  EXPECT_EQ(server.pay_calls(), 0);
}

TEST_F(FetcherTest, NonChallengeErrorsPassThrough) {
  auto r = fetch("/api/broken");
  EXPECT_EQ(r.status, FetchStatus::http_error);
  EXPECT_EQ(r.exit_code(), kExitHttp);
  ASSERT_TRUE(r.response);
  EXPECT_EQ(r.response->status, 500);
  EXPECT_NE(r.response->body.find("it broke"), std::string::npos);
  EXPECT_EQ(server.pay_calls(), 0);
}

TEST_F(FetcherTest, NetworkErrorWithoutAServer) {
  TokenCache cache(home.path() / "tokens.json");
  Budget budget(home.path() / "budget.json", std::nullopt);
  DevWallet dev("http://127.0.0.1:1", default_transport());
  Fetcher f(default_transport(), dev, cache, budget, {});
  net::HttpRequest req;
  req.url = "http://127.0.0.1:1/api";
  auto r = f.fetch(req);
  EXPECT_EQ(r.status, FetchStatus::network_error);
  EXPECT_EQ(r.exit_code(), kExitNetwork);
}

TEST_F(FetcherTest, DailyBudgetIsEnforcedAcrossRunsAndResetsNextDay) {
  daily_limit = 50;
  EXPECT_EQ(fetch("/api/l402/thing").status, FetchStatus::ok);
  EXPECT_EQ(fetch("/api/l402/thing").status, FetchStatus::ok);
  EXPECT_EQ(spent(), 42U);
  auto r = fetch("/api/l402/thing");
  EXPECT_EQ(r.status, FetchStatus::refused);
  EXPECT_NE(r.message.find("budget"), std::string::npos) << r.message;
  EXPECT_EQ(server.pay_calls(), 2);

  days = 1;
  EXPECT_EQ(spent(), 0U);
  EXPECT_EQ(fetch("/api/l402/thing").status, FetchStatus::ok);
  EXPECT_EQ(server.pay_calls(), 3);
  EXPECT_EQ(spent(), 21U);
}

TEST_F(FetcherTest, FailedPaymentGivesTheBudgetBackAndForgetsTheToken) {
  daily_limit = 100;
  server.refuse_payments = true;
  auto r = fetch("/api/l402/thing");
  EXPECT_EQ(r.status, FetchStatus::payment_failed);
  EXPECT_EQ(r.exit_code(), kExitPaymentFailed);
  EXPECT_EQ(spent(), 0U);
  EXPECT_TRUE(cached().empty());
}

TEST_F(FetcherTest, ARejectedCachedCredentialIsKeptAndTheNewChallengePaid) {
  ScriptedTransport crashing;
  crashing.throw_on_resource_call = 2;
  (void)fetch("/api/l402/thing", {}, crashing.fn());
  ASSERT_EQ(cached().size(), 1U);
  server.reject_next_credential();
  auto r = fetch("/api/l402/thing");
  ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
  EXPECT_TRUE(r.used_cached);
  EXPECT_TRUE(r.paid);
  EXPECT_EQ(server.pay_calls(), 2);
  auto entries = unused();
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].state, TokenState::rejected);
  // A rejected credential is never sent again.
  EXPECT_EQ(fetch("/api/l402/thing").paid, true);
}

TEST_F(FetcherTest, CredentialsAreKeyedByRequestBody) {
  ScriptedTransport crashing;
  crashing.throw_on_resource_call = 2;
  (void)fetch("/api/l402/thing", {}, crashing.fn(), nullptr, R"({"prompt":"a"})");
  ASSERT_EQ(cached().size(), 1U);
  auto r = fetch("/api/l402/thing", {}, default_transport(), nullptr, R"({"prompt":"b"})");
  ASSERT_EQ(r.status, FetchStatus::ok);
  EXPECT_FALSE(r.used_cached);
  EXPECT_EQ(server.pay_calls(), 2);
  EXPECT_EQ(unused().size(), 1U) << "the other request's credential stays";
}

TEST_F(FetcherTest, CacheAndBudgetFilesAreOwnerOnly) {
  daily_limit = 1000;
  ScriptedTransport crashing;
  crashing.throw_on_resource_call = 2;
  (void)fetch("/api/l402/thing", {}, crashing.fn());
  for (const char* name : {"tokens.json", "budget.json"}) {
    struct stat st {};
    ASSERT_EQ(::stat((home.path() / name).c_str(), &st), 0) << name;
    EXPECT_EQ(st.st_mode & 0777, 0600U) << name;
  }
}

// --- MPP and x402 (docs/payment-rails.md) ---

// The Payment credential the server was sent, read back as l402d would.
mpp::Credential sent_mpp_credential(const std::string& authorization) {
  std::string_view value(authorization);
  auto found = mpp::find_credential(std::span<const std::string_view>(&value, 1));
  EXPECT_TRUE(found && *found) << authorization;
  return found && *found ? **found : mpp::Credential{};
}

TEST_F(FetcherTest, AnMppOnlyChallengeIsPaidAndTheRetryEchoesIt) {
  auto r = fetch("/api/mpp");
  ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
  EXPECT_TRUE(r.paid);
  EXPECT_EQ(r.response->body, R"({"content":"mpp ok"})");
  EXPECT_EQ(server.pay_calls(), 1);
  ASSERT_TRUE(r.quote);
  EXPECT_EQ(r.quote->rail, Rail::mpp);
  EXPECT_EQ(r.quote->scheme, "Payment");
  EXPECT_EQ(r.quote->amount_sats, 21U);
  auto auths = server.authorizations();
  ASSERT_EQ(auths.size(), 1U);
  EXPECT_EQ(auths[0].rfind("Payment ", 0), 0U) << auths[0];
  auto credential = sent_mpp_credential(auths[0]);
  EXPECT_EQ(credential.challenge, server.last_mpp_challenge()) << "every parameter echoed";
  EXPECT_TRUE(server.payment_signatures().empty());
  auto receipts = cached();
  ASSERT_EQ(receipts.size(), 1U);
  EXPECT_EQ(receipts[0].state, TokenState::used);
  EXPECT_EQ(receipts[0].rail, Rail::mpp);
  EXPECT_EQ(to_hex(sha256(credential.preimage)), receipts[0].payment_hash);
  EXPECT_EQ(receipts[0].id, receipts[0].payment_hash.substr(0, 16));
  EXPECT_EQ(spent(), 21U);
}

TEST_F(FetcherTest, AnX402OnlyOfferIsPaidAndRetriedWithPaymentSignature) {
  auto r = fetch("/api/x402");
  ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
  EXPECT_TRUE(r.paid);
  EXPECT_EQ(r.response->body, R"({"content":"x402 ok"})");
  EXPECT_EQ(server.pay_calls(), 1);
  ASSERT_TRUE(r.quote);
  EXPECT_EQ(r.quote->rail, Rail::x402);
  EXPECT_EQ(r.quote->amount_msat, 21'000U);
  EXPECT_TRUE(server.authorizations().empty()) << "x402 sends no Authorization";
  auto signatures = server.payment_signatures();
  ASSERT_EQ(signatures.size(), 1U);
  auto payload = x402::parse_payment_payload(signatures[0]);
  ASSERT_TRUE(payload) << payload.error();
  EXPECT_EQ(payload->version, 2);
  EXPECT_EQ(payload->accepted, server.last_x402_accepted()) << "the offer echoed as accepted";
  ASSERT_TRUE(payload->preimage);
  auto receipts = cached();
  ASSERT_EQ(receipts.size(), 1U);
  EXPECT_EQ(receipts[0].state, TokenState::used);
  EXPECT_EQ(receipts[0].rail, Rail::x402);
  EXPECT_EQ(to_hex(sha256(*payload->preimage)), receipts[0].payment_hash);
  EXPECT_EQ(payload->invoice, receipts[0].invoice);
  EXPECT_EQ(spent(), 21U);
}

TEST_F(FetcherTest, AllThreeRailsOfferedPaysL402) {
  auto r = fetch("/api/rails");
  ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
  EXPECT_EQ(r.response->body, R"({"content":"rails ok"})");
  EXPECT_EQ(server.pay_calls(), 1);
  auto auths = server.authorizations();
  ASSERT_EQ(auths.size(), 1U);
  EXPECT_EQ(auths[0].rfind("L402 ", 0), 0U) << auths[0];
  EXPECT_TRUE(server.payment_signatures().empty());
  ASSERT_EQ(cached().size(), 1U);
  EXPECT_EQ(cached()[0].rail, Rail::l402);
  EXPECT_EQ(r.quote->scheme, "L402");
}

TEST_F(FetcherTest, SelectOfferPrefersMppToX402) {
  net::HttpResponse both;
  both.status = 402;
  both.headers = {{"payment-required", "e30"},  // not an offer: skipped
                  {"www-authenticate", R"(Payment id="a", realm="r", method="stripe", )"
                                       R"(intent="charge", request="e30")"},
                  {"www-authenticate", R"(Payment id="b", realm="r", method="lightning", )"
                                       R"(intent="charge", request="e30")"}};
  auto offer = select_offer(both);
  ASSERT_TRUE(offer);
  EXPECT_EQ(offer->rail, Rail::mpp);
  EXPECT_EQ(offer->mpp_challenge.id, "b") << "only a Lightning charge";
  both.headers.erase(both.headers.begin() + 2);
  EXPECT_FALSE(select_offer(both)) << "no method this client pays";
}

TEST_F(FetcherTest, AnMppAmountOtherThanTheInvoicesIsRefusedUnpaid) {
  for (std::int64_t delta : {-1, 1}) {
    SCOPED_TRACE(delta);
    server.mpp_amount_delta_sats = delta;
    auto r = fetch("/api/mpp");
    EXPECT_EQ(r.status, FetchStatus::refused) << r.message;
    EXPECT_EQ(r.exit_code(), kExitRefused);
    EXPECT_NE(r.message.find("the MPP request asks " + std::to_string(21 + delta) +
                             " sats, but its invoice is for 21 sats"),
              std::string::npos)
        << r.message;
  }
  FetchOptions dry;
  dry.dry_run = true;
  EXPECT_EQ(fetch("/api/mpp", dry).status, FetchStatus::refused) << "an invalid offer: exit 4";
  EXPECT_EQ(server.pay_calls(), 0);
  EXPECT_TRUE(cached().empty());
  EXPECT_EQ(spent(), 0U);
  EXPECT_TRUE(server.authorizations().empty());
}

TEST_F(FetcherTest, AnX402AmountOtherThanTheInvoicesIsRefusedUnpaid) {
  for (std::int64_t delta : {-1, 1}) {
    SCOPED_TRACE(delta);
    server.x402_amount_delta_msat = delta;
    auto r = fetch("/api/x402");
    EXPECT_EQ(r.status, FetchStatus::refused) << r.message;
    EXPECT_NE(r.message.find("the x402 offer asks"), std::string::npos) << r.message;
  }
  EXPECT_EQ(server.pay_calls(), 0);
  EXPECT_TRUE(cached().empty());
  EXPECT_EQ(spent(), 0U);
}

TEST_F(FetcherTest, OtherRailsKeepMaxSatsAndTheInvoiceChecks) {
  for (const char* path : {"/api/mpp", "/api/x402"}) {
    SCOPED_TRACE(path);
    FetchOptions o;
    o.max_sats = 20;
    auto r = fetch(path, o);
    EXPECT_EQ(r.status, FetchStatus::refused);
    EXPECT_NE(r.message.find("max-sats"), std::string::npos) << r.message;
    server.invoice_age = 7200;
    r = fetch(path);
    EXPECT_EQ(r.status, FetchStatus::refused);
    EXPECT_NE(r.message.find("expired"), std::string::npos) << r.message;
    server.invoice_age = 0;
    server.network_mainnet = true;
    r = fetch(path);
    EXPECT_EQ(r.status, FetchStatus::refused);
    EXPECT_NE(r.message.find("mainnet"), std::string::npos) << r.message;
    server.network_mainnet = false;
  }
  EXPECT_EQ(server.pay_calls(), 0);
  EXPECT_TRUE(cached().empty());
}

TEST_F(FetcherTest, ACrashBetweenPayingAndRetryingAnMppOrX402CredentialIsRecovered) {
  for (const char* path : {"/api/mpp", "/api/x402"}) {
    SCOPED_TRACE(path);
    const int pays_before = server.pay_calls();
    const int challenges_before = server.challenges();
    ScriptedTransport crashing;
    crashing.throw_on_resource_call = 2;  // the paid retry never happens
    auto r = fetch(path, {}, crashing.fn());
    EXPECT_EQ(r.status, FetchStatus::network_error);
    EXPECT_EQ(server.pay_calls(), pays_before + 1);
    auto entries = unused();
    ASSERT_EQ(entries.size(), 1U);
    EXPECT_EQ(entries[0].state, TokenState::paid);

    ScriptedTransport fine;
    r = fetch(path, {}, fine.fn());
    ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
    EXPECT_TRUE(r.used_cached);
    EXPECT_FALSE(r.paid);
    EXPECT_EQ(fine.resource_calls, 1) << "straight to the paid request";
    EXPECT_EQ(server.pay_calls(), pays_before + 1) << "never paid twice";
    EXPECT_EQ(server.challenges(), challenges_before + 1);
    EXPECT_TRUE(unused().empty());
  }
  EXPECT_EQ(server.served(), 2);
  EXPECT_EQ(spent(), 42U);
}

TEST_F(FetcherTest, ACrashWhilePayingAnMppOrX402ChallengeIsResolvedThroughTheWallet) {
  for (const char* path : {"/api/mpp", "/api/x402"}) {
    SCOPED_TRACE(path);
    DevWallet dev(parse_url(server.url()).origin(), default_transport());
    CrashingWallet crashing(dev, true);
    const int challenges_before = server.challenges();
    auto r = fetch(path, {}, default_transport(), &crashing);
    EXPECT_EQ(r.status, FetchStatus::payment_failed);
    auto entries = unused();
    ASSERT_EQ(entries.size(), 1U);
    EXPECT_EQ(entries[0].state, TokenState::paying);
    EXPECT_NE(entries[0].rail, Rail::l402) << "the intent knows its rail";

    r = fetch(path);
    ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
    EXPECT_TRUE(r.used_cached);
    EXPECT_FALSE(r.paid);
    EXPECT_EQ(server.challenges(), challenges_before + 1) << "no second challenge was paid";
    EXPECT_TRUE(unused().empty());
  }
  EXPECT_EQ(server.distinct_invoices_paid(), 2U);
  EXPECT_EQ(server.authorizations().size(), 1U) << "one Payment credential";
  EXPECT_EQ(server.payment_signatures().size(), 1U) << "one PAYMENT-SIGNATURE";
}

TEST_F(FetcherTest, ARejectedCachedMppCredentialIsKeptAndTheNewChallengePaid) {
  ScriptedTransport crashing;
  crashing.throw_on_resource_call = 2;
  (void)fetch("/api/mpp", {}, crashing.fn());
  ASSERT_EQ(cached().size(), 1U);
  server.reject_next_credential();
  auto r = fetch("/api/mpp");
  ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
  EXPECT_TRUE(r.used_cached);
  EXPECT_TRUE(r.paid);
  EXPECT_EQ(server.pay_calls(), 2);
  auto entries = unused();
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].state, TokenState::rejected);
}

TEST_F(FetcherTest, ACredentialPassedByHandIsReplacedByThePaidOne) {
  extra_headers = {{"payment-signature", "stale"}, {"X-Payment", "stale"}};
  auto r = fetch("/api/x402");
  ASSERT_EQ(r.status, FetchStatus::ok) << r.message;
  auto signatures = server.payment_signatures();
  ASSERT_EQ(signatures.size(), 2U);
  EXPECT_EQ(signatures[0], "stale") << "the first request is sent as given";
  EXPECT_NE(signatures[1], "stale");
}

TEST(CredentialHeader, X402EchoesTheOfferAndNeedsAReadablePreimage) {
  TokenEntry e;
  e.rail = Rail::x402;
  e.preimage = std::string(64, '1');
  e.invoice = "lnbcrt1";
  e.x402_version = 2;
  e.x402_accepted = {{"scheme", "exact"}};
  auto header = credential_header(e);
  EXPECT_EQ(header.name, "PAYMENT-SIGNATURE");
  auto payload = x402::parse_payment_payload(header.value);
  ASSERT_TRUE(payload) << payload.error();
  EXPECT_EQ(payload->accepted, e.x402_accepted);
  EXPECT_EQ(to_hex(*payload->preimage), e.preimage);
  e.preimage = "not hex";
  EXPECT_THROW(credential_header(e), std::runtime_error);
}

}  // namespace
}  // namespace l402d::client
