#pragma once

// The paywall gate in a real server over a real SQLite store and the builtin
// node, with a counted, switchable piece of work behind it: shared by the
// gate's tests.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <thread>

#include "gateway/admission_filter.hpp"
#include "gateway/paywall_gate.hpp"
#include "http/cors.hpp"
#include "http/json_error.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/test_client.hpp"
#include "jobs/job_runner.hpp"
#include "l402/headers.hpp"
#include "l402/macaroon.hpp"
#include "lightning/builtin_node.hpp"
#include "mpp/charge_request.hpp"
#include "mpp/credential.hpp"
#include "mpp/receipt.hpp"
#include "paywall/reusable_redemption.hpp"
#include "paywall/single_use_redemption.hpp"
#include "store/revocation_cache.hpp"
#include "store/store.hpp"
#include "store/store_error.hpp"
#include "support/temp_dir.hpp"
#include "util/base64.hpp"
#include "util/crypto.hpp"
#include "util/hex.hpp"
#include "x402/payment_payload.hpp"
#include "x402/payment_required.hpp"
#include "x402/settlement_response.hpp"

namespace l402d::gateway::testing {

namespace json = boost::json;
using http::chain;
using http::Exchange;
using http::Field;
using http::Filter;
using http::Handler;
using http::Metrics;
using http::Response;
using http::Router;
using http::Server;
using http::ServerOptions;
using http::Status;
using http::Verb;
using http::WorkerPool;
using l402d::testing::make_request;
using l402d::testing::TestClient;

constexpr const char* kBody = R"({"prompt":"a song","lyrics":"la la la"})";

// Counts the requests that get past the replay filter (where the body's
// validation runs in the server).
class CountingFilter : public Filter {
 public:
  boost::asio::awaitable<Response> handle(Exchange& ex, const Handler& next) override {
    ++seen;
    co_return co_await next(ex);
  }
  std::atomic<int> seen{0};
};

// A ledger whose database is down.
class UnavailableLedger : public store::TokenLedger {
 public:
  [[noreturn]] static void fail() {
    throw store::StoreError(store::StoreError::Kind::unavailable, "database is locked");
  }
  void record_token_issued(const store::TokenRecord&) override { fail(); }
  void mark_token_paid(const store::TokenRecord&, std::int64_t) override { fail(); }
  store::Claim claim_token(const store::TokenRecord&, std::int64_t, std::int64_t) override {
    fail();
  }
  bool complete_token(const Hash32&, const store::StoredResult&, std::int64_t) override { fail(); }
  bool fail_token(const Hash32&, const std::string&, std::int64_t) override { fail(); }
  std::optional<store::TokenRecord> find_token(const Hash32&) override { fail(); }
  std::size_t purge_results(std::int64_t) override { fail(); }
  store::UseTake take_use(const store::TokenRecord&, std::uint32_t, std::int64_t) override {
    fail();
  }
  void return_use(const Hash32&, std::int64_t) override { fail(); }
};

// The real ledger, except that recording an outcome fails while
// `refuse_records` is set (a disk that filled up while the work ran).
class RecordRefusingLedger : public store::TokenLedger {
 public:
  explicit RecordRefusingLedger(store::TokenLedger*& inner) : inner_(inner) {}
  void record_token_issued(const store::TokenRecord& t) override { inner_->record_token_issued(t); }
  void mark_token_paid(const store::TokenRecord& t, std::int64_t now) override {
    inner_->mark_token_paid(t, now);
  }
  store::Claim claim_token(const store::TokenRecord& t, std::int64_t now,
                           std::int64_t lease) override {
    return inner_->claim_token(t, now, lease);
  }
  bool complete_token(const Hash32& id, const store::StoredResult& r, std::int64_t now) override {
    refuse();
    return inner_->complete_token(id, r, now);
  }
  bool fail_token(const Hash32& id, const std::string& error, std::int64_t now) override {
    refuse();
    return inner_->fail_token(id, error, now);
  }
  std::optional<store::TokenRecord> find_token(const Hash32& id) override {
    return inner_->find_token(id);
  }
  std::size_t purge_results(std::int64_t before) override { return inner_->purge_results(before); }
  store::UseTake take_use(const store::TokenRecord& t, std::uint32_t limit,
                          std::int64_t now) override {
    return inner_->take_use(t, limit, now);
  }
  void return_use(const Hash32& id, std::int64_t now) override {
    refuse();
    inner_->return_use(id, now);
  }
  std::atomic<bool> refuse_records{false};

 private:
  void refuse() const {
    if (refuse_records)
      throw store::StoreError(store::StoreError::Kind::unavailable, "disk is full");
  }
  store::TokenLedger*& inner_;
};

struct HarnessOptions {
  std::size_t queue_limit = 8;
  // The server's configuration: deny list in memory, results cached, the
  // replay filter in front. Otherwise every check goes to the store.
  bool in_memory = false;
  std::uint32_t retention_seconds = 60;
  bool reusable = false;            // Aperture's policy instead of single-use
  std::uint32_t token_seconds = 0;  // the service's own token lifetime (0: the default)
  bool ledger_down = false;         // every ledger call fails as an outage
  bool records_can_fail = false;    // the ledger is `refusing` (see RecordRefusingLedger)
  paywall::RailSwitches rails = {};
  // Async jobs on a runner with short leases and fast scans, a poll route at
  // GET /api/l402/jobs/{id}, and callbacks to loopback allowed.
  bool jobs = false;
  // A streamed answer's progress event after this long without an event.
  int event_quiet_ms = 2000;
};

struct Harness {
  explicit Harness(std::size_t queue_limit = 8) : Harness(HarnessOptions{queue_limit}) {}
  explicit Harness(HarnessOptions ho) : engines(1, ho.queue_limit) {
    const auto rails = ho.rails;
    store = store::open_sqlite_store({dir / "l402d.db"});
    secret = random_array<32>();
    if (ho.in_memory) {
      revocations = std::make_unique<store::RevocationCache>(*store);
      keys = std::make_unique<l402::DerivedRootKeys>(secret, *revocations);
    } else {
      keys = std::make_unique<l402::DerivedRootKeys>(secret, *store);
    }
    minter = std::make_unique<l402::Minter>(*keys);
    verifier = std::make_unique<l402::Verifier>(*keys);
    node = std::make_unique<lightning::BuiltinNode>(random_array<32>(), *store);
    // Frozen: a test that moves time by `skew` must not also see the wall
    // clock cross a second boundary between two requests.
    const auto start = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    auto clock = [this, start] { return start + skew.load(); };
    challenger =
        std::make_unique<paywall::Challenger>(*node, *minter, paywall::ChallengeTerms{}, clock);
    authorizer = std::make_unique<paywall::Authorizer>(*verifier, clock);
    reader = std::make_unique<paywall::CredentialReader>(rails, binder, clock);
    offers = std::make_unique<paywall::RailOffers>(
        paywall::RailOffersOptions{rails, "127.0.0.1", true, 3600}, binder);
    settlement = std::make_unique<paywall::Settlement>(*verifier, *node);
    GateOptions opts;
    opts.service = "music";
    opts.price_msat = 100'000;
    opts.job_timeout_seconds = 5;
    opts.token_seconds = ho.token_seconds;
    opts.now = clock;
    opts.event_quiet = std::chrono::milliseconds(ho.event_quiet_ms);
    real_ledger = store.get();
    store::TokenLedger& ledger = ho.ledger_down        ? down
                                 : ho.records_can_fail ? static_cast<store::TokenLedger&>(refusing)
                                                       : static_cast<store::TokenLedger&>(*store);
    std::shared_ptr<paywall::RedemptionPolicy> policy;
    if (ho.reusable) {
      policy = std::make_shared<paywall::ReusableRedemption>(&ledger);
    } else {
      policy = std::make_shared<paywall::SingleUseRedemption>(
          ledger, paywall::SingleUseOptions{35, ho.retention_seconds});
    }
    if (ho.jobs) make_runner(clock);
    gate = std::make_shared<PaywallGate>(
        opts, GateDeps{*challenger, *authorizer, *reader, *offers, *settlement, policy, blocking,
                       &metrics, ho.in_memory ? &results : nullptr, &idempotency_keys, &waiters,
                       nullptr, runner.get(), &ledger, &open_challenges});
    std::vector<std::shared_ptr<Filter>> filters;
    filters.push_back(std::make_shared<http::CorsFilter>(http::CorsPolicy{}));
    if (ho.in_memory) filters.push_back(std::make_shared<ReplayFilter>(gate));
    filters.push_back(counter);
    filters.push_back(std::make_shared<AdmissionFilter>([this] { return engines.has_capacity(); }));
    work = [this](Exchange& ex) -> boost::asio::awaitable<gateway::PaidOutcome> {
      ++calls;
      if (fail_next.exchange(false)) {
        co_return paywall::WorkFailure{"engine_down", "x", true};
      }
      if (throw_next.exchange(false)) throw std::runtime_error("a bug");
      if (ex.events) {
        for (const auto& piece : pieces)
          ex.events("delta", piece);
      }
      if (slow) {
        co_await engines.run([this] {
          std::this_thread::sleep_for(std::chrono::milliseconds(slow_ms));
          return 0;
        });
      }
      co_return paywall::WorkResult{
          200, "application/json",
          R"({"audioUrl":"http://x/media/)" + std::to_string(calls.load()) + R"("})"};
    };
    router.add(Verb::post, "/api/l402/music", chain(filters, gated(gate, work)));
    if (runner) add_job_routes();
    ServerOptions so;
    so.port = 0;
    server = std::make_unique<Server>(so, [this](Exchange& ex) { return router.route(ex); });
    server->start();
  }
  void make_runner(std::function<std::int64_t()> clock) {
    jobs::RunnerOptions ro;
    ro.lease_seconds = 3;
    ro.renew_every = std::chrono::milliseconds(500);
    ro.scan_every = std::chrono::milliseconds(100);
    ro.poll_interval = std::chrono::milliseconds(100);
    jobs::CallbackOptions co;
    co.allow_private = true;
    co.attempts = 3;
    co.first_backoff = std::chrono::milliseconds(50);
    callback_key = Bytes(32, 7);
    runner = std::make_unique<jobs::JobRunner>(
        *store, blocking, std::make_unique<jobs::CallbackSender>(*store, callback_key, co, clock),
        ro, clock);
  }

  void add_job_routes() {
    jobs::JobRunner::ServiceHooks hooks;
    // The coroutine keeps references: `prepare` must live in the hook, not
    // be a temporary of the call.
    hooks.resume = [this, prepare = PrepareExchange([](Exchange&) { return true; })](
                       const store::JobRecord& job) { return gate->resume(job, work, prepare); };
    hooks.redeliver = [this](const store::JobRecord& job) { return gate->redeliver(job); };
    hooks.poll = [this](Exchange& ex, const store::JobRecord& job) { return gate->poll(ex, job); };
    runner->add_service("music", std::move(hooks));
    router.add(
        Verb::get, "/api/l402/jobs/{id}", [this](Exchange& ex) -> boost::asio::awaitable<Response> {
          const std::string id(Router::path_param(ex));
          auto job = co_await blocking.run([this, &id] { return store->find_job(id); });
          if (!job) {
            co_return http::error_response(ex.request, Status::not_found, "job_unknown", "none");
          }
          const std::string service = "music";
          const auto* music = runner->hooks_for(service);
          co_return co_await music->poll(ex, *job);
        });
    runner->start();
  }

  ~Harness() {
    if (runner) runner->stop();
    server->stop();
    server->wait();
    blocking.shutdown();
    engines.shutdown();
    store.reset();
  }

  http::beast_http::response<http::beast_http::string_body> post(
      const std::string& body, const std::string& authorization = {}) {
    TestClient c(server->port());
    auto req = make_request(Verb::post, "/api/l402/music", body);
    if (!authorization.empty()) req.set(Field::authorization, authorization);
    return c.send(req);
  }

  // POSTs `body` with one extra header (a credential of any rail).
  http::beast_http::response<http::beast_http::string_body> post_with(const std::string& body,
                                                                      std::string_view name,
                                                                      const std::string& value) {
    TestClient c(server->port());
    auto req = make_request(Verb::post, "/api/l402/music", body);
    req.set(name, value);
    return c.send(req);
  }

  // Gets a challenge for `body`, pays it with the dev node, returns the header.
  std::string pay(const std::string& body) {
    auto res = post(body);
    EXPECT_EQ(res.result(), Status::payment_required);
    auto challenge = l402::parse_challenge(std::string(res[Field::www_authenticate]));
    EXPECT_TRUE(challenge);
    auto preimage = node->settle(challenge->invoice);
    EXPECT_TRUE(preimage);
    return l402::format_authorization(challenge->macaroon, *preimage);
  }

  l402d::testing::TempDir dir{"l402d-gate"};
  std::unique_ptr<store::Store> store;
  Hash32 secret{};
  std::unique_ptr<store::RevocationCache> revocations;
  std::unique_ptr<l402::DerivedRootKeys> keys;
  std::unique_ptr<l402::Minter> minter;
  std::unique_ptr<l402::Verifier> verifier;
  std::unique_ptr<lightning::BuiltinNode> node;
  UnavailableLedger down;
  store::TokenLedger* real_ledger = nullptr;
  RecordRefusingLedger refusing{real_ledger};
  std::unique_ptr<paywall::Challenger> challenger;
  std::unique_ptr<paywall::Authorizer> authorizer;
  std::shared_ptr<const mpp::ChallengeBinder> binder =
      std::make_shared<const mpp::ChallengeBinder>(random_array<32>());
  std::unique_ptr<paywall::CredentialReader> reader;
  std::unique_ptr<paywall::RailOffers> offers;
  std::unique_ptr<paywall::Settlement> settlement;
  paywall::MemoryIdempotencyKeys idempotency_keys;
  TokenWaiters waiters;
  WorkerPool blocking{2, 1000};
  WorkerPool engines;
  Metrics metrics;
  OpenChallenges open_challenges{&metrics};
  ResultCache results{1 << 20};
  std::shared_ptr<CountingFilter> counter = std::make_shared<CountingFilter>();
  std::shared_ptr<PaywallGate> gate;
  PaidHandler work;
  Bytes callback_key;
  std::unique_ptr<jobs::JobRunner> runner;  // with HarnessOptions::jobs
  Router router;
  std::unique_ptr<Server> server;
  std::atomic<int> calls{0};
  std::atomic<bool> fail_next{false};
  std::atomic<bool> throw_next{false};
  std::atomic<std::int64_t> skew{0};  // seconds added to the gate's clock
  bool slow = false;
  int slow_ms = 300;
  std::vector<std::string> pieces;  // emitted as events when the answer streams
};

inline std::string code_of(const http::beast_http::response<http::beast_http::string_body>& res) {
  return std::string(json::parse(res.body()).at("error").at("code").as_string());
}

}  // namespace l402d::gateway::testing
