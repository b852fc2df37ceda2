// Free and limited access before the paywall gate: credentials pass
// uncounted, free services and paths are served, freebies are counted per
// client prefix per day, and challenges per prefix per minute end in 429.

#include "gateway/access_filter.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <thread>
#include <vector>

#include "http/test_client.hpp"
#include "http/worker_pool.hpp"
#include "store/store_error.hpp"

namespace l402d::gateway {
namespace {

namespace json = boost::json;
using http::Exchange;
using http::Field;
using http::Response;
using http::Status;
using Auth = access::AccessRules::Auth;

// A minute's start, well inside a UTC day.
constexpr std::int64_t kNoon = 20'000LL * 86'400 + 43'200;

Response answer(const Exchange& ex, Status status) {
  return http::make_response(ex.request, status, "application/json", "{}");
}

// The filter between a stand-in gate (`next`) and stand-in free work.
struct Harness {
  // `shared`: counters kept elsewhere (a store); null: these in memory.
  explicit Harness(AccessRules rules, access::WindowCounters* shared = nullptr,
                   http::WorkerPool* blocking = nullptr) {
    filter = std::make_unique<AccessFilter>(
        std::move(rules), "echo", shared ? *shared : counters, [this] { return now; },
        [this](Exchange& ex) -> boost::asio::awaitable<Response> {
          ++free_calls;
          co_return answer(ex, free_status);
        },
        &metrics, blocking);
  }

  Response send(const std::string& address, const std::string& target = "/api/l402/echo",
                const std::string& payment = {}) {
    Exchange ex;
    ex.request = l402d::testing::make_request(http::Verb::post, target, R"({"text":"hi"})");
    ex.remote_address = address;
    if (!payment.empty()) ex.request.set("X-PAYMENT", payment);
    http::Handler next = [this](Exchange& e) -> boost::asio::awaitable<Response> {
      ++gate_calls;
      co_return answer(e, e.request.count("X-PAYMENT") ? paid_status : unpaid_status);
    };
    boost::asio::io_context io;
    auto done = boost::asio::co_spawn(io, filter->handle(ex, next), boost::asio::use_future);
    io.run();
    return done.get();
  }
  Response paid(const std::string& address) { return send(address, "/api/l402/echo", "e30="); }

  access::MemoryWindowCounters counters;
  http::Metrics metrics;
  std::int64_t now = kNoon;
  Status free_status = Status::ok;
  Status paid_status = Status::ok;
  Status unpaid_status = Status::payment_required;  // the gate's challenge
  int free_calls = 0;
  int gate_calls = 0;
  std::unique_ptr<AccessFilter> filter;
};

AccessRules freebies(std::uint32_t n, std::uint32_t per_minute = 0) {
  AccessRules r;
  r.auth = Auth::freebies;
  r.free_per_day = n;
  r.challenges_per_minute = per_minute;
  return r;
}

AccessRules challenges(std::uint32_t n) {
  AccessRules r;
  r.challenges_per_minute = n;
  return r;
}

std::string remaining(const Response& res) {
  return std::string(res.head()["X-Free-Requests-Remaining"]);
}

TEST(AccessFilter, RequestsWithACredentialGoToTheGateUncounted) {
  Harness h(freebies(1, 1));
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(h.paid("203.0.113.7").status(), Status::ok);
  EXPECT_EQ(h.gate_calls, 5);
  EXPECT_EQ(h.free_calls, 0);
  EXPECT_EQ(remaining(h.send("203.0.113.7")), "0") << "the freebie is still there";
  EXPECT_EQ(h.send("203.0.113.7").status(), Status::payment_required) << "so is the challenge";
  EXPECT_EQ(h.send("203.0.113.7").status(), Status::too_many_requests);
  EXPECT_EQ(h.paid("203.0.113.7").status(), Status::ok) << "paying is never limited";
}

TEST(AccessFilter, AFreshChallengeForARefusedCredentialUsesUpTheLimit) {
  Harness h(challenges(1));
  h.paid_status = Status::payment_required;
  EXPECT_EQ(h.paid("203.0.113.7").status(), Status::payment_required);
  EXPECT_EQ(h.send("203.0.113.7").status(), Status::too_many_requests);
}

// Counters in a store that is down (PostgreSQL unreachable).
class DownCounters : public access::WindowCounters {
 public:
  access::Take take(const std::string&, std::uint32_t, std::int64_t, std::int64_t) override {
    throw store::StoreError(store::StoreError::Kind::unavailable, "store: down");
  }
  void give_back(const std::string&, std::int64_t, std::int64_t) override {
    throw store::StoreError(store::StoreError::Kind::unavailable, "store: down");
  }
};

TEST(AccessFilter, CountsTheStoreCannotMakeGiveNothingFreeAndLimitNothing) {
  DownCounters down;
  Harness h(freebies(3, 1), &down);
  EXPECT_EQ(h.send("203.0.113.7").status(), Status::payment_required) << "no uncounted freebie";
  h.unpaid_status = Status::service_unavailable;  // the gate cannot make an invoice either
  EXPECT_EQ(h.send("203.0.113.7").status(), Status::service_unavailable) << "no 429, no throw";
  EXPECT_EQ(h.free_calls, 0);
  EXPECT_EQ(h.gate_calls, 2);
}

// Counters in a database are counted on a store thread, never the thread
// that serves the request; counters in memory inline.
struct DatabaseCounters : access::WindowCounters {
  access::Take take(const std::string& key, std::uint32_t limit, std::int64_t window,
                    std::int64_t now) override {
    threads.push_back(std::this_thread::get_id());
    return counts.take(key, limit, window, now);
  }
  void give_back(const std::string& key, std::int64_t window, std::int64_t now) override {
    threads.push_back(std::this_thread::get_id());
    counts.give_back(key, window, now);
  }
  bool may_block() const override { return blocks; }
  access::MemoryWindowCounters counts;
  bool blocks = true;
  std::vector<std::thread::id> threads;
};

TEST(AccessFilter, CountersThatMayBlockAreCalledOnTheStorePool) {
  http::WorkerPool store_calls(1, 16);
  for (const bool blocks : {true, false}) {
    DatabaseCounters db;
    db.blocks = blocks;
    Harness h(freebies(1, 5), &db, &store_calls);
    h.free_status = Status::internal_server_error;  // gives the freebie back
    h.send("203.0.113.7");
    h.send("203.0.113.7");
    ASSERT_EQ(db.threads.size(), 4u) << "freebie, give-back, freebie, challenge";
    for (const auto& id : db.threads)
      EXPECT_EQ(id == std::this_thread::get_id(), !blocks);
  }
}

TEST(AccessFilter, AuthOffServesEveryRequestFree) {
  AccessRules r = challenges(1);
  r.auth = Auth::off;
  Harness h(r);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(h.send("203.0.113.7").status(), Status::ok);
  EXPECT_EQ(h.free_calls, 3);
  EXPECT_EQ(h.gate_calls, 0);
}

TEST(AccessFilter, FreePathsAreExactOrUnderAnEntryEndingWithASlash) {
  AccessRules r;
  r.free_paths = {"/api/l402/echo", "/docs/"};
  Harness h(r);
  EXPECT_EQ(h.send("203.0.113.7", "/api/l402/echo").status(), Status::ok);
  EXPECT_EQ(h.send("203.0.113.7", "/api/l402/echo?x=1").status(), Status::ok);
  EXPECT_EQ(h.send("203.0.113.7", "/docs/a/b").status(), Status::ok);
  EXPECT_EQ(h.free_calls, 3);
  EXPECT_EQ(h.send("203.0.113.7", "/api/l402/echoes").status(), Status::payment_required);
  EXPECT_EQ(h.send("203.0.113.7", "/docs").status(), Status::payment_required);
  EXPECT_EQ(h.gate_calls, 2);
}

TEST(AccessFilter, FreebiesRunOutPerPrefixAndComeBackTheNextDay) {
  Harness h(freebies(2));
  auto first = h.send("203.0.113.7");
  EXPECT_EQ(first.status(), Status::ok);
  EXPECT_EQ(remaining(first), "1");
  EXPECT_EQ(remaining(h.send("203.0.113.7")), "0");
  auto third = h.send("203.0.113.7");
  EXPECT_EQ(third.status(), Status::payment_required);
  EXPECT_EQ(remaining(third), "");
  EXPECT_EQ(h.free_calls, 2);

  EXPECT_EQ(remaining(h.send("198.51.100.1")), "1") << "another client, its own allowance";
  EXPECT_EQ(remaining(h.send("198.51.100.1")), "0");

  h.now = kNoon + 43'200;  // midnight UTC
  EXPECT_EQ(remaining(h.send("203.0.113.7")), "1");
  EXPECT_EQ(h.free_calls, 5);
}

TEST(AccessFilter, AddressesInOneIpv6Slash64ShareTheAllowance) {
  Harness h(freebies(2));
  EXPECT_EQ(remaining(h.send("2001:db8:1:2::1")), "1");
  EXPECT_EQ(remaining(h.send("2001:db8:1:2:ffff:ffff:ffff:9")), "0");
  EXPECT_EQ(h.send("2001:db8:1:2::42").status(), Status::payment_required);
  EXPECT_EQ(remaining(h.send("2001:db8:1:3::1")), "1") << "the next /64";
}

TEST(AccessFilter, AddressesThatAreNotIpCountUnderTheirOwnText) {
  Harness h(freebies(1));
  EXPECT_EQ(remaining(h.send("unix:/run/l402d.sock")), "0");
  EXPECT_EQ(h.send("unix:/run/l402d.sock").status(), Status::payment_required);
  EXPECT_EQ(remaining(h.send("test-client")), "0");
}

TEST(AccessFilter, AFreeRequestWhoseWorkFailsGivesItsUseBack) {
  Harness h(freebies(1));
  h.free_status = Status::service_unavailable;
  auto failed = h.send("203.0.113.7");
  EXPECT_EQ(failed.status(), Status::service_unavailable);
  EXPECT_EQ(remaining(failed), "1");
  h.free_status = Status::ok;
  EXPECT_EQ(h.send("203.0.113.7").status(), Status::ok);
  EXPECT_EQ(h.send("203.0.113.7").status(), Status::payment_required);
}

TEST(AccessFilter, TooManyChallengesAMinuteGet429UntilTheMinuteEnds) {
  Harness h(challenges(3));
  h.now = kNoon + 20;
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(h.send("203.0.113.7").status(), Status::payment_required);
  auto limited = h.send("203.0.113.7");
  ASSERT_EQ(limited.status(), Status::too_many_requests);
  EXPECT_EQ(limited.header(Field::retry_after), "40");
  EXPECT_EQ(limited.header(Field::www_authenticate), "");
  const auto& body = std::get<http::StringResponse>(limited.message).body();
  const auto error = json::parse(body).at("error");
  EXPECT_EQ(error.at("code").as_string(), "too_many_challenges");
  EXPECT_NE(std::string(error.at("message").as_string()).find("Retry in 40 seconds"),
            std::string::npos);
  EXPECT_EQ(h.gate_calls, 3);

  EXPECT_EQ(h.send("198.51.100.1").status(), Status::payment_required) << "another client";
  h.now = kNoon + 60;
  EXPECT_EQ(h.send("203.0.113.7").status(), Status::payment_required) << "the next minute";
}

TEST(AccessFilter, NoLimitWhenChallengesPerMinuteIsZero) {
  Harness h(challenges(0));
  for (int i = 0; i < 200; ++i)
    ASSERT_EQ(h.send("203.0.113.7").status(), Status::payment_required);
}

TEST(AccessFilter, AnswersWithoutAnInvoiceAreNotCountedAsChallenges) {
  Harness h(challenges(1));
  h.unpaid_status = Status::service_unavailable;  // the Lightning node is down
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(h.send("203.0.113.7").status(), Status::service_unavailable);
  h.unpaid_status = Status::payment_required;
  EXPECT_EQ(h.send("203.0.113.7").status(), Status::payment_required);
  EXPECT_EQ(h.send("203.0.113.7").status(), Status::too_many_requests);
}

TEST(AccessFilter, FreeRequestsAndRefusalsAreCounted) {
  Harness h(freebies(1, 1));
  h.send("203.0.113.7");
  h.send("203.0.113.7");
  h.send("203.0.113.7");
  const auto text = h.metrics.render();
  EXPECT_NE(text.find("l402d_free_requests_total{service=\"echo\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("l402d_challenges_limited_total{service=\"echo\"} 1"), std::string::npos)
      << text;
}

Response run_free(const http::Handler& handler) {
  Exchange ex;
  ex.request = l402d::testing::make_request(http::Verb::post, "/api/l402/echo", "{}");
  boost::asio::io_context io;
  auto done = boost::asio::co_spawn(io, handler(ex), boost::asio::use_future);
  io.run();
  return done.get();
}

std::string body_of(const Response& res) {
  return std::get<http::StringResponse>(res.message).body();
}

TEST(FreeHandler, RunsTheWorkAndAnswersWithItsOutcome) {
  auto ok = run_free(free_handler(
      [](Exchange&) -> boost::asio::awaitable<PaidOutcome> {
        co_return paywall::WorkResult{200, "application/json", R"({"echo":"hi"})"};
      },
      "echo"));
  EXPECT_EQ(ok.status(), Status::ok);
  EXPECT_EQ(body_of(ok), R"({"echo":"hi"})");
  EXPECT_EQ(ok.header(Field::www_authenticate), "");

  auto failed = run_free(free_handler(
      [](Exchange&) -> boost::asio::awaitable<PaidOutcome> {
        co_return paywall::WorkFailure{"engine_unavailable", "The engine is down.", true};
      },
      "echo"));
  EXPECT_EQ(failed.status(), Status::service_unavailable);
  EXPECT_EQ(failed.header(Field::retry_after), "10");
  EXPECT_EQ(body_of(failed).find("payment"), std::string::npos) << "nothing was paid";

  auto threw = run_free(free_handler(
      [](Exchange&) -> boost::asio::awaitable<PaidOutcome> {
        throw std::runtime_error("a bug");
        co_return paywall::WorkResult{};
      },
      "echo"));
  EXPECT_EQ(threw.status(), Status::internal_server_error);
  EXPECT_EQ(json::parse(body_of(threw)).at("error").at("code").as_string(), "internal_error");
}

}  // namespace
}  // namespace l402d::gateway
