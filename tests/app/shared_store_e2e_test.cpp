// Three l402d instances on one PostgreSQL database, end to end: the real
// binary three times (own data directories, one shared media directory), a
// private cluster started here, and a client that sends each request of a
// flow to another instance, as a round-robin load balancer would.

#include <gtest/gtest.h>
#include <signal.h>

#include <array>
#include <boost/json.hpp>
#include <functional>
#include <future>
#include <iostream>
#include <thread>

#include "support/e2e_fixture.hpp"
#include "support/fake_upstream.hpp"
#include "support/postgres_cluster.hpp"

namespace l402d::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

std::string error_code(const net::HttpResponse& r) {
  try {
    return std::string(json::parse(r.body).at("error").at("code").as_string());
  } catch (...) {
    return "(not a JSON error: " + r.body.substr(0, 200) + ")";
  }
}

class SharedStore : public EndToEndTest {
 protected:
  static void SetUpTestSuite() {
    cluster_ = new PostgresCluster(L402D_POSTGRES_TEST_ROOT);
    cluster_->start();
  }
  static void TearDownTestSuite() {
    delete cluster_;
    cluster_ = nullptr;
  }

  void TearDown() override {
    for (std::size_t i = 0; i < instances_.size(); ++i) {
      if (HasFailure() && instances_[i])
        std::cerr << "instance " << i << ":\n" << instances_[i]->log();
    }
    instances_.clear();
    upstream_.stop();
    for (int i = 0; i < 3; ++i) {
      fs::remove_all(dir_.string() + "-" + std::to_string(i));
      fs::remove(dir_.string() + "-" + std::to_string(i) + ".log");
    }
    fs::remove_all(dir_.string() + "-media");
    EndToEndTest::TearDown();
  }

  // A fresh database for this test and three instances on it, started
  // together (so they race to create the secrets), with `extra` TOML; with
  // a media directory they share, or each with its own.
  void start_instances(const std::string& extra = "", bool shared_media_dir = true) {
    database_ = "e2e_" + std::to_string(::getpid()) + "_" + std::to_string(++databases_);
    cluster_->sql("CREATE DATABASE " + database_);
    const auto config = dir_.string() + ".toml";
    const std::string media_dir =
        shared_media_dir ? "media_dir = \"" + dir_.string() + "-media\"\n" : "";
    std::ofstream(config) << "[store]\nbackend = \"postgres\"\n"
                          << media_dir << "[store.postgres]\nurl = \"" << cluster_->url(database_)
                          << "\"\n"
                          << extra;
    std::array<std::future<std::unique_ptr<L402dProcess>>, 3> starting;
    for (int i = 0; i < 3; ++i) {
      starting[i] = std::async(std::launch::async, [this, i, config] {
        return std::make_unique<L402dProcess>(L402D_BINARY,
                                              fs::path(dir_.string() + "-" + std::to_string(i)),
                                              std::vector<std::string>{"--config", config});
      });
    }
    for (auto& s : starting)
      instances_.push_back(s.get());
  }
  L402dProcess& at(int i) { return *instances_[i % 3]; }

  // Three instances selling /work/<path> single-use for 5 sats, forwarded to
  // an upstream that answers {"n": <its call count>} after `delay`;
  // `extra` TOML goes before the service.
  void sell_counted_work(std::atomic<int>& calls, const std::string& path,
                         std::chrono::milliseconds delay, const std::string& extra = "",
                         const std::string& service_extra = "") {
    upstream_.on(http::Verb::get, path, [&calls](const http::Request& req) {
      return FakeUpstream::json(req, http::Status::ok, R"({"n":)" + std::to_string(++calls) + "}");
    });
    upstream_.set_delay(delay);
    upstream_.start();
    start_instances(extra + "[services.work]\nupstream = \"" + upstream_.url() +
                    "\"\nprice_sats = 5\nstrip_match = true\nredemption = \"single_use\"\n" +
                    service_extra);
  }
  std::string sql(const std::string& statement) { return cluster_->sql(statement, database_); }

  static net::HttpResponse request_at(const L402dProcess& server, const std::string& method,
                                      const std::string& path, const std::string& authorization,
                                      const std::string& range = "") {
    net::HttpRequest r;
    r.method = method;
    r.url = server.url(path);
    if (!authorization.empty()) r.headers.emplace_back("Authorization", authorization);
    if (!range.empty()) r.headers.emplace_back("Range", range);
    r.timeout = std::chrono::seconds(60);
    return net::perform(r);
  }

  static PostgresCluster* cluster_;
  static int databases_;
  std::string database_;
  std::vector<std::unique_ptr<L402dProcess>> instances_;
  FakeUpstream upstream_;
};

PostgresCluster* SharedStore::cluster_ = nullptr;
int SharedStore::databases_ = 0;

TEST_F(SharedStore, AVisionTokenMintedAtOneInstanceIsPaidAndReplayedAtTheOthers) {
  start_instances();
  const auto body = image_request("How many faces are in this image?");
  auto challenge = post_to(at(0), "/api/l402/vision", body);
  ASSERT_EQ(challenge.status, 402) << challenge.body;
  const auto auth = pay_at(at(1), challenge);  // the instances are one node
  auto answer = post_to(at(1), "/api/l402/vision", body, auth);
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(json::parse(answer.body).at("content").as_string().find("one"), std::string::npos);
  auto replay = post_to(at(2), "/api/l402/vision", body, auth);
  EXPECT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(replay.body, answer.body);
  EXPECT_EQ(replay.header("x-l402-replay"), "true");
  EXPECT_EQ(sql("SELECT state || ' ' || attempts FROM tokens"), "redeemed 1");
  // The secrets are the store's, created once, and never in a file or a log.
  EXPECT_EQ(sql("SELECT string_agg(name, ',' ORDER BY name) FROM server_secrets"),
            "job_callbacks,mpp,node,root");
  const auto root = sql("SELECT encode(secret, 'hex') FROM server_secrets WHERE name = 'root'");
  for (int i = 0; i < 3; ++i) {
    const auto dir = fs::path(dir_.string() + "-" + std::to_string(i));
    for (const auto* file : {"root.key", "mpp.key", "node.key"})
      EXPECT_FALSE(fs::exists(dir / file)) << dir / file;
    EXPECT_EQ(at(i).log().find(root), std::string::npos);
  }
}

// With a shared media directory, or without one (the song goes through the
// database: each instance copies it into its own folder when first asked).
class SharedStoreMedia : public SharedStore, public ::testing::WithParamInterface<bool> {};
INSTANTIATE_TEST_SUITE_P(, SharedStoreMedia, ::testing::Bool(), [](const auto& param_info) {
  return param_info.param ? std::string("SharedDirectory") : std::string("InTheDatabase");
});

TEST_P(SharedStoreMedia, ASongComposedAtOneInstanceIsDownloadedFromAnother) {
  start_instances("", GetParam());
  const std::string body =
      R"({"prompt":"slow piano ballad","lyrics":"Walking on the beach, sun is shining bright",)"
      R"("model":"Music Generation","sample_rate":44100,"audio_format":"wav"})";
  auto challenge = post_to(at(1), "/api/l402/music", body);
  ASSERT_EQ(challenge.status, 402) << challenge.body;
  const auto auth = pay_at(at(2), challenge);
  auto song = post_to(at(0), "/api/l402/music", body, auth);
  ASSERT_EQ(song.status, 200) << song.body;
  const auto url = std::string(json::parse(song.body).at("audioUrl").as_string());
  const auto name = url.substr(url.rfind('/') + 1);
  for (int i = 1; i < 3; ++i) {
    auto file = request_at(at(i), "GET", "/media/" + name, "");
    EXPECT_EQ(file.status, 200) << i;
    EXPECT_EQ(file.header("content-type"), "audio/wav");
    EXPECT_EQ(file.body.substr(0, 4), "RIFF");
    if (i == 1) {
      auto range = request_at(at(i), "GET", "/media/" + name, "", "bytes=0-3");
      EXPECT_EQ(range.status, 206) << "a copied file is served like a made one";
      EXPECT_EQ(range.body, "RIFF");
    }
  }
  EXPECT_EQ(sql("SELECT count(*) FROM media"), GetParam() ? "0" : "1");
  EXPECT_EQ(post_to(at(2), "/api/l402/music", body, auth).body, song.body);
}

// The admin API at one instance changes what every instance sells within
// seconds: a price and a switch (the settings table, reloaded every 2 s), and
// a revocation (the deny list each instance refreshes every 2 s).
TEST_F(SharedStore, AdminChangesReachEveryInstanceWithinSeconds) {
  start_instances();
  auto admin_at = [this](int i, const std::string& method, const std::string& path,
                         const std::string& body = {}) {
    auto token =
        read_binary_file(fs::path(dir_.string() + "-" + std::to_string(i)) / "admin.token");
    token.resize(64);
    net::HttpRequest r;
    r.method = method;
    r.url = at(i).url("/api/admin/" + path);
    r.body = body;
    r.headers = {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
    return net::perform(r);
  };
  auto vision_price_at = [this](int i) -> std::int64_t {
    const auto doc = json::parse(request_at(at(i), "GET", "/.well-known/l402-services", "").body);
    for (const auto& s : doc.at("services").as_array())
      if (s.at("name") == "vision") return s.at("price_sats").to_number<std::int64_t>();
    return -1;  // not listed: disabled
  };
  auto within_seconds = [](const std::function<bool()>& done) {
    const auto deadline = Clock::now() + std::chrono::seconds(8);
    while (!done() && Clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return done();
  };

  ASSERT_EQ(admin_at(0, "PATCH", "services/vision", R"({"price_sats": 33})").status, 200);
  EXPECT_TRUE(within_seconds([&] { return vision_price_at(1) == 33 && vision_price_at(2) == 33; }));
  const auto body = image_request("What colours are there?");
  auto challenge = post_to(at(2), "/api/l402/vision", body);
  ASSERT_EQ(challenge.status, 402) << challenge.body;
  EXPECT_EQ(json::parse(challenge.body).at("price_sats").to_number<int>(), 33);

  ASSERT_EQ(admin_at(1, "PATCH", "services/vision", R"({"enabled": false})").status, 200);
  EXPECT_TRUE(within_seconds([&] { return vision_price_at(0) == -1 && vision_price_at(2) == -1; }));
  EXPECT_EQ(error_code(post_to(at(0), "/api/l402/vision", body)), "service_disabled");
  ASSERT_EQ(admin_at(1, "PATCH", "services/vision", R"({"enabled": true})").status, 200);
  EXPECT_TRUE(within_seconds([&] { return vision_price_at(0) == 33; }));

  challenge = post_to(at(0), "/api/l402/vision", body);
  ASSERT_EQ(challenge.status, 402) << challenge.body;
  const auto auth = pay_at(at(0), challenge);
  ASSERT_EQ(post_to(at(1), "/api/l402/vision", body, auth).status, 200);
  const auto listed = admin_at(2, "GET", "tokens?state=redeemed");
  const auto tokens = json::parse(listed.body).at("tokens").as_array();
  ASSERT_EQ(tokens.size(), 1u) << listed.body;
  EXPECT_EQ(tokens[0].at("price_sats").to_number<int>(), 33);
  const auto id = std::string(tokens[0].at("id").as_string());
  ASSERT_EQ(admin_at(2, "POST", "tokens/" + id + "/revoke").status, 200);
  EXPECT_TRUE(within_seconds([&] {
    return error_code(post_to(at(0), "/api/l402/vision", body, auth)) == "token_revoked" &&
           error_code(post_to(at(1), "/api/l402/vision", body, auth)) == "token_revoked";
  }));
}

TEST_F(SharedStore, IdempotencyKeysAndChallengeLimitsHoldAcrossInstances) {
  start_instances("[services.vision]\nprice_sats = 10\nchallenges_per_minute = 3\n");
  const auto body = image_request("What colours are there?");
  auto keyed = [&](int i) {
    net::HttpRequest r;
    r.method = "POST";
    r.url = at(i).url("/api/l402/vision");
    r.body = body;
    r.headers = {{"Content-Type", "application/json"},
                 {"Idempotency-Key", "order-4711-abcdef-0001"}};
    return net::perform(r);
  };
  auto first = keyed(0);
  ASSERT_EQ(first.status, 402) << first.body;
  auto again = keyed(1);
  ASSERT_EQ(again.status, 402) << again.body;
  EXPECT_EQ(json::parse(again.body).at("invoice"), json::parse(first.body).at("invoice"))
      << "a retry at another instance gets the same invoice";
  EXPECT_EQ(post_to(at(2), "/api/l402/vision", body).status, 402);
  auto limited = post_to(at(0), "/api/l402/vision", body);
  EXPECT_EQ(limited.status, 429) << "three challenges a minute, counted across the instances";
  EXPECT_EQ(error_code(limited), "too_many_challenges");
}

// One paid token presented at the three instances at once: the upstream (the
// work) runs once and every caller gets its answer.
TEST_F(SharedStore, ConcurrentRedemptionsAcrossInstancesRunTheWorkOnce) {
  std::atomic<int> calls{0};
  sell_counted_work(calls, "/answer", std::chrono::milliseconds(800));
  auto challenge = request_at(at(0), "GET", "/work/answer", "");
  ASSERT_EQ(challenge.status, 402) << challenge.body;
  const auto auth = pay_at(at(0), challenge);
  std::array<std::future<net::HttpResponse>, 3> answers;
  for (int i = 0; i < 3; ++i)
    answers[i] = std::async(std::launch::async,
                            [&, i] { return request_at(at(i), "GET", "/work/answer", auth); });
  for (auto& a : answers) {
    auto r = a.get();
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body, R"({"n":1})");
  }
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(sql("SELECT state || ' ' || attempts FROM tokens"), "redeemed 1");
}

// kill -9 of the instance running a paid job: the buyer's retry at another
// instance waits for the lease (timeout_seconds 3 + lease_grace_seconds 1),
// takes the job over and gets it done, with the same credential.
TEST_F(SharedStore, AJobOfAKilledInstanceIsTakenOverAfterItsLease) {
  std::atomic<int> calls{0};
  sell_counted_work(calls, "/slow", std::chrono::milliseconds(2000),
                    "[l402]\nlease_grace_seconds = 1\n", "timeout_seconds = 3\n");
  auto challenge = request_at(at(0), "GET", "/work/slow", "");
  ASSERT_EQ(challenge.status, 402) << challenge.body;
  const auto auth = pay_at(at(0), challenge);
  // Its buyer loses the connection: a transport error (or, at worst, a 5xx).
  auto lost = std::async(std::launch::async, [&]() -> long {
    try {
      return request_at(at(0), "GET", "/work/slow", auth).status;
    } catch (const std::exception&) {
      return 0;
    }
  });
  for (int i = 0; i < 250 && upstream_.requests().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_EQ(upstream_.requests().size(), 1u) << "instance 0 is running the job";
  const auto killed_at = Clock::now();
  at(0).kill(SIGKILL);
  EXPECT_NE(lost.get(), 200);
  EXPECT_EQ(sql("SELECT state FROM tokens"), "in_progress");

  auto retried = request_at(at(1), "GET", "/work/slow", auth);
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.body, R"({"n":2})") << "the job ran again at instance 1";
  EXPECT_GE(Clock::now() - killed_at, std::chrono::seconds(2)) << "not before the lease ran out";
  EXPECT_EQ(sql("SELECT state || ' ' || attempts FROM tokens"), "redeemed 2");
  EXPECT_EQ(sql("SELECT count(*) FROM tokens"), "1") << "no second token was sold";
  auto replay = request_at(at(2), "GET", "/work/slow", auth);
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.body, retried.body);
  EXPECT_EQ(calls.load(), 2);
}

// The database stops (a restart, or an outage) after a token was paid for:
// meanwhile no instance sells (no invoice whose payment could not be
// tracked) and the paid request is refused uncharged; once the database is
// back, the same credential gets the work done, once, at any instance.
TEST_F(SharedStore, DuringADatabaseOutageNothingIsSoldAndPaidWorkResumesAfterIt) {
  std::atomic<int> calls{0};
  sell_counted_work(calls, "/answer", std::chrono::milliseconds(0));
  auto challenge = request_at(at(0), "GET", "/work/answer", "");
  ASSERT_EQ(challenge.status, 402) << challenge.body;
  const auto auth = pay_at(at(0), challenge);

  cluster_->stop();
  struct RestartAtTheEnd {
    ~RestartAtTheEnd() {
      if (!cluster_->running()) cluster_->start();
    }
  } restart;
  for (int i = 0; i < 3; ++i) {
    auto sale = request_at(at(i), "GET", "/work/answer", "");
    EXPECT_EQ(sale.status, 503) << sale.body;
    EXPECT_EQ(error_code(sale), "store_unavailable");
    EXPECT_EQ(sale.header("www-authenticate"), "") << "no invoice during the outage";
    auto paid = request_at(at(i), "GET", "/work/answer", auth);
    EXPECT_EQ(paid.status, 503) << paid.body;
    EXPECT_EQ(error_code(paid), "store_unavailable");
  }
  EXPECT_EQ(calls.load(), 0) << "no work without a claim on the shared ledger";

  cluster_->start();
  auto resumed = request_at(at(1), "GET", "/work/answer", auth);
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  EXPECT_EQ(resumed.body, R"({"n":1})");
  auto replay = request_at(at(2), "GET", "/work/answer", auth);
  EXPECT_EQ(replay.body, resumed.body);
  EXPECT_EQ(calls.load(), 1);
  EXPECT_EQ(sql("SELECT state || ' ' || attempts FROM tokens WHERE state <> 'issued'"),
            "redeemed 1");
  EXPECT_EQ(request_at(at(0), "GET", "/work/answer", "").status, 402) << "selling again";
}

}  // namespace
}  // namespace l402d::testing
