// kill -9 at every step of a token's life (issue 21), for SQLite and
// PostgreSQL: one test walks the steps; at each it brings a fresh token to
// that step, checks through the admin API that the ledger really is there,
// kills l402d with SIGKILL, restarts it on the same data directory and
// database, and holds the server to what it promises for that step. The work
// is a proxied upstream the test controls, so a paid request can be held
// mid-work for as long as the kill takes.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <boost/json.hpp>
#include <condition_variable>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <set>

#include "support/e2e_fixture.hpp"
#include "support/fake_upstream.hpp"
#include "support/postgres_cluster.hpp"

namespace l402d::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

enum class Backend { sqlite, postgres };
// Names the parameter in CTest's test names instead of its bytes.
void PrintTo(Backend b, std::ostream* os) {
  *os << (b == Backend::sqlite ? "sqlite" : "postgres");
}

std::string error_code(const net::HttpResponse& r) {
  try {
    return std::string(json::parse(r.body).at("error").at("code").as_string());
  } catch (...) {
    return "(not a JSON error: " + r.body.substr(0, 200) + ")";
  }
}

// Keeps the upstream's first request to a path unanswered until released, so
// the kill lands while the paid work is in progress.
class Hold {
 public:
  void wait() {
    std::unique_lock lock(mutex_);
    // Bounded: a test that fails before releasing must not hang the upstream.
    cv_.wait_for(lock, 60s, [this] { return released_; });
  }
  void release() {
    {
      std::lock_guard lock(mutex_);
      released_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool released_ = false;
};

// One step of a token's life: `reach` brings a fresh token of `service` to
// the step (the server alive), `states` is what the ledger may say then,
// `after_restart` checks the promise once l402d was killed and started
// again, and `ledger_after` is the service's one ledger row ("state
// attempts") at the end: `attempts` counts the runs of the work, so a
// second token sold or work run once too often shows there.
struct Step {
  Step(std::string n, std::set<std::string> s, std::function<void()> r, std::function<void()> a,
       std::string l)
      : service(std::move(n)),
        states(std::move(s)),
        reach(std::move(r)),
        after_restart(std::move(a)),
        ledger_after(std::move(l)) {}
  std::string service;
  std::set<std::string> states;
  std::function<void()> reach;
  std::function<void()> after_restart;
  std::string ledger_after;
};

class TokenLifeKill : public EndToEndTest, public ::testing::WithParamInterface<Backend> {
 protected:
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  void TearDown() override {
    if (HasFailure() && server_) std::cerr << "l402d's log:\n" << server_->log();
    hold_.release();
    server_.reset();
    upstream_.stop();
    EndToEndTest::TearDown();
  }

  // The configuration of both lives of the server. The lease is long with
  // SQLite, so that "served at once" after the restart cannot be a lease that
  // ran out; with PostgreSQL a restarted instance cannot tell its own claims
  // from another live instance's (docs/store.md, "Leases"), so the lease is
  // short and waiting it out is the promise.
  std::string config() {
    std::string toml;
    if (GetParam() == Backend::postgres) {
      // Started on first use: the SQLite variant needs no cluster.
      if (cluster_ == nullptr) {
        auto* cluster = new PostgresCluster(L402D_POSTGRES_TEST_ROOT);
        cluster_ = cluster;
        cluster->start();
      }
      const auto database = "killsteps_" + std::to_string(::getpid());
      cluster_->sql("CREATE DATABASE " + database);
      toml =
          "[l402]\nlease_grace_seconds = 1\n[store]\nbackend = \"postgres\"\n"
          "[store.postgres]\nurl = \"" +
          cluster_->url(database) + "\"\n";
    }
    const std::string timeout = GetParam() == Backend::postgres ? "3" : "60";
    for (const auto* name : {"issued", "paid", "held", "answered", "failed"}) {
      toml += std::string("[services.") + name + "]\nupstream = \"" + upstream_.url() +
              "\"\nprice_sats = 5\nredemption = \"single_use\"\ntimeout_seconds = " + timeout +
              "\n";
    }
    toml += "[services.metered]\nupstream = \"" + upstream_.url() +
            "\"\nprice_sats = 5\nredemption = \"reusable\"\nuses = 2\n";
    return toml;
  }

  // An upstream answering GET /<service>/run with {"<service>": <its call count>}.
  void script_upstream() {
    for (const auto* name : {"issued", "paid", "held", "answered", "failed", "metered"}) {
      const std::string service = name;
      calls_[service] = 0;  // the map is complete before the upstream's thread reads it
      upstream_.on(http::Verb::get, "/" + service + "/run",
                   [this, service](const http::Request& req) {
                     const int n = ++calls_[service];
                     if (service == "held" && n == 1) hold_.wait();
                     if (service == "failed" && failing_.load())
                       return FakeUpstream::json(req, http::Status::internal_server_error,
                                                 R"({"detail":"out of GPUs"})");
                     return FakeUpstream::json(req, http::Status::ok,
                                               "{\"" + service + "\":" + std::to_string(n) + "}");
                   });
    }
  }

  net::HttpResponse run(const std::string& service, const std::string& auth = {},
                        std::chrono::seconds timeout = 30s) {
    net::HttpRequest r;
    r.method = "GET";
    r.url = server_->url("/" + service + "/run");
    r.timeout = timeout;
    if (!auth.empty()) r.headers.emplace_back("Authorization", auth);
    return net::perform(r);
  }

  // A 402 for the service's request, paid: the credential. Its preimage is
  // remembered, for the logs are never to show one.
  std::string buy(const std::string& service) {
    auto challenge = run(service);
    EXPECT_EQ(challenge.status, 402) << challenge.body;
    return pay_remembered(challenge);
  }
  std::string pay_remembered(const net::HttpResponse& challenge) {
    auto auth = pay(challenge);
    preimages_.push_back(auth.substr(auth.rfind(':') + 1));
    return auth;
  }

  // The service's tokens in the ledger, "state attempts" each, by the admin API.
  std::vector<std::string> ledger(const std::string& service) {
    auto token = read_binary_file(dir_ / "admin.token");
    token.resize(64);
    net::HttpRequest r;
    r.url = server_->url("/api/admin/tokens?service=" + service);
    r.headers = {{"Authorization", "Bearer " + token}};
    auto res = net::perform(r);
    EXPECT_EQ(res.status, 200) << res.body;
    std::vector<std::string> rows;
    if (res.status != 200) return rows;
    const auto doc = json::parse(res.body);
    for (const auto& t : doc.at("tokens").as_array()) {
      rows.push_back(std::string(t.at("state").as_string()) + " " +
                     std::to_string(t.at("attempts").to_number<int>()));
    }
    return rows;
  }
  std::string state_of(const std::string& service) {
    const auto rows = ledger(service);
    if (rows.empty()) return "none";
    EXPECT_EQ(rows.size(), 1u) << service << ": one token, never a second one sold";
    return rows.front().substr(0, rows.front().find(' '));
  }

  void expect_no_preimage_in_the_log(const std::string& when) {
    const auto log = server_->log();
    for (const auto& p : preimages_)
      EXPECT_EQ(log.find(p), std::string::npos) << "a preimage in the log " << when;
  }

  static PostgresCluster* cluster_;
  Hold hold_;
  std::map<std::string, std::atomic<int>> calls_;
  std::atomic<bool> failing_{true};
  std::vector<std::string> preimages_;
  FakeUpstream upstream_;
};

PostgresCluster* TokenLifeKill::cluster_ = nullptr;

INSTANTIATE_TEST_SUITE_P(, TokenLifeKill, ::testing::Values(Backend::sqlite, Backend::postgres),
                         [](const auto& param_info) {
                           return param_info.param == Backend::sqlite ? std::string("sqlite")
                                                                      : std::string("postgres");
                         });

TEST_P(TokenLifeKill, EveryStepSurvivesKillNine) {
  script_upstream();
  upstream_.start();
  start_with_config(config());

  // Step 1: challenged, the invoice not yet paid. The invoice and the
  // macaroon outlive the server: paid after the restart, they buy the work.
  net::HttpResponse unpaid;
  Step issued(
      "issued", {"none", "issued"},
      [&] {
        unpaid = run("issued");
        ASSERT_EQ(unpaid.status, 402) << unpaid.body;
      },
      [&] {
        const auto auth = pay_remembered(unpaid);
        auto served = run("issued", auth);
        EXPECT_EQ(served.status, 200) << served.body;
        EXPECT_EQ(served.body, R"({"issued":1})");
      },
      "redeemed 1");

  // Step 2: paid, the credential never presented.
  std::string paid_auth;
  Step paid(
      "paid", {"none", "issued", "paid"}, [&] { paid_auth = buy("paid"); },
      [&] {
        auto served = run("paid", paid_auth);
        EXPECT_EQ(served.status, 200) << served.body;
        EXPECT_EQ(served.body, R"({"paid":1})");
      },
      "redeemed 1");

  // Step 3: the paid request is at the upstream when l402d dies. The same
  // credential is served again without a new payment: at once with SQLite
  // (the restart ends its previous life's claims), after the short lease
  // with PostgreSQL.
  std::string held_auth;
  std::future<long> cut_short;
  Step held(
      "held", {"in_progress"},
      [&] {
        held_auth = buy("held");
        net::HttpRequest cut;
        cut.url = server_->url("/held/run");
        cut.headers = {{"Authorization", held_auth}};
        cut.timeout = 30s;
        cut_short = std::async(std::launch::async, [cut]() -> long {
          try {
            return net::perform(cut).status;
          } catch (const std::exception&) {
            return 0;  // the connection died with the server, as intended
          }
        });
        const auto give_up = Clock::now() + 20s;
        while (calls_["held"].load() == 0 && Clock::now() < give_up)
          std::this_thread::sleep_for(10ms);
        ASSERT_EQ(calls_["held"].load(), 1) << "the paid request reached the upstream";
      },
      [&] {
        EXPECT_NE(cut_short.get(), 200);
        const auto restarted = Clock::now();
        net::HttpResponse served;
        try {
          served = run("held", held_auth, 20s);
        } catch (const std::exception& e) {
          ADD_FAILURE() << "no answer in 20 s: " << e.what();
        }
        const auto waited = Clock::now() - restarted;
        EXPECT_EQ(served.status, 200) << served.body << " (" << error_code(served) << ")";
        EXPECT_EQ(served.body, R"({"held":2})") << "the work ran again, for the same payment";
        if (GetParam() == Backend::sqlite) {
          EXPECT_LT(waited, 10s) << "no wait for the 90 s lease of the dead claim";
          EXPECT_NE(server_->log().find("can be retried at once"), std::string::npos);
        } else {
          // The lease (3 s + 1 s) from the claim, and one look every 2 s.
          EXPECT_LT(waited, 12s);
        }
      },
      "redeemed 2");

  // Step 4: answered. The documented reuse rule of a single-use token: the
  // same request replays the stored reply (no second upstream call), any
  // other request is not paid for by it.
  std::string answered_auth;
  net::HttpResponse answer;
  Step answered(
      "answered", {"redeemed"},
      [&] {
        answered_auth = buy("answered");
        answer = run("answered", answered_auth);
        ASSERT_EQ(answer.status, 200) << answer.body;
      },
      [&] {
        auto replay = run("answered", answered_auth);
        EXPECT_EQ(replay.status, 200) << replay.body;
        EXPECT_EQ(replay.body, answer.body);
        EXPECT_EQ(replay.header("x-l402-replay"), "true");
        EXPECT_EQ(calls_["answered"].load(), 1) << "the stored reply, not the work again";
        net::HttpRequest other;
        other.url = server_->url("/answered/run?again=1");
        other.headers = {{"Authorization", answered_auth}};
        EXPECT_EQ(net::perform(other).status, 402) << "bound to its one request";
      },
      "redeemed 1");

  // Step 5: the work failed (the upstream's 500); the payment was kept. With
  // the upstream healthy after the restart, the same credential is served.
  std::string failed_auth;
  Step failed(
      "failed", {"failed"},
      [&] {
        failed_auth = buy("failed");
        auto refused = run("failed", failed_auth);
        ASSERT_EQ(refused.status, 502) << refused.body;
        EXPECT_EQ(error_code(refused), "upstream_error");
      },
      [&] {
        failing_ = false;
        auto served = run("failed", failed_auth);
        EXPECT_EQ(served.status, 200) << served.body;
        EXPECT_EQ(served.body, R"({"failed":2})");
      },
      "redeemed 2");

  // Step 6: a reusable token with one of its two uses taken. The use taken
  // before the kill stays taken, the other one is still there.
  std::string metered_auth;
  Step metered(
      "metered", {"paid"},
      [&] {
        metered_auth = buy("metered");
        auto first = run("metered", metered_auth);
        ASSERT_EQ(first.status, 200) << first.body;
      },
      [&] {
        auto second = run("metered", metered_auth);
        EXPECT_EQ(second.status, 200) << second.body;
        EXPECT_EQ(second.body, R"({"metered":2})");
        auto third = run("metered", metered_auth);
        EXPECT_EQ(third.status, 402) << third.body;
        EXPECT_EQ(error_code(third), "token_used_up");
      },
      "paid 0");

  for (Step* step : {&issued, &paid, &held, &answered, &failed, &metered}) {
    SCOPED_TRACE("step " + step->service);
    const auto began = Clock::now();
    step->reach();
    if (HasFatalFailure()) return;
    const auto state = state_of(step->service);
    EXPECT_TRUE(step->states.count(state)) << "the ledger says " << state;
    expect_no_preimage_in_the_log("before the kill");

    const int status = server_->kill(SIGKILL);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "it was alive until then";
    // The upstream's held request may end now: nobody is there to hear it.
    if (step->service == "held") hold_.release();
    server_->start();
    EXPECT_EQ(get("/healthz").status, 200);

    step->after_restart();
    EXPECT_EQ(ledger(step->service), std::vector<std::string>{step->ledger_after});
    expect_no_preimage_in_the_log("after the restart");
    std::cerr << "step " << step->service << ": "
              << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - began).count()
              << " ms\n";
  }
}

}  // namespace
}  // namespace l402d::testing
