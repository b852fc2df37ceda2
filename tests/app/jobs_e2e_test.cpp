// Async jobs through the real binary: a song answered with 202 and fetched by
// polling, a job that survives kill -9 of the instance running it, and a
// callback that reaches its receiver signed.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <mutex>
#include <thread>

#include "jobs/callback_signature.hpp"
#include "net/local_server.hpp"
#include "support/e2e_fixture.hpp"

namespace l402d::testing {
namespace {

namespace json = boost::json;

// A short song: the engine takes a few seconds, enough to kill the instance
// while it runs.
const std::string kSong =
    R"({"prompt":"calm acoustic folk","lyrics":"[Verse]\nRiver runs slow under evening light","model":"Music Generation"})";

// Short leases, so that a killed instance's job is resumed within seconds.
constexpr const char* kConfig = R"(
[jobs]
lease_seconds = 5
poll_interval_ms = 200
allow_private_callbacks = true
)";

class Jobs : public EndToEndTest {
 protected:
  net::HttpResponse post_async(const std::string& body, const std::string& auth) {
    net::HttpRequest r;
    r.method = "POST";
    r.body = body;
    r.headers = {
        {"Content-Type", "application/json"}, {"Authorization", auth}, {"Prefer", "respond-async"}};
    r.timeout = std::chrono::seconds(30);
    return send(r, "/api/l402/music");
  }
  net::HttpResponse poll(const std::string& path, const std::string& auth) {
    net::HttpRequest r;
    r.headers = {{"Authorization", auth}};
    r.timeout = std::chrono::seconds(30);
    return send(r, path);
  }
  // Polls until the job's answer is no longer 202; a song under ASan and a
  // resumption after a lease are both slow, so the wait is generous.
  // Each 202 on the way is kept in `progress`.
  net::HttpResponse poll_until_done(const std::string& path, const std::string& auth) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(5);
    for (;;) {
      auto res = poll(path, auth);
      if (res.status == 202) progress.push_back(json::parse(res.body).as_object());
      if (res.status != 202 || std::chrono::steady_clock::now() > give_up) return res;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  // The unpaid request's challenge, paid: the credential for `body`.
  std::string paid_for(const std::string& body) {
    auto challenge = post("/api/l402/music", body);
    EXPECT_EQ(challenge.status, 402) << challenge.body;
    return pay(challenge);
  }
  bool saw(std::string_view stage, std::string_view key) const {
    for (const auto& p : progress)
      if (p.at("stage").as_string() == stage && p.contains(key)) return true;
    return false;
  }
  std::vector<json::object> progress;

  static std::string job_path(const net::HttpResponse& accepted) {
    const std::string url(json::parse(accepted.body).at("poll_url").as_string());
    return url.substr(url.find("/api/l402/jobs/"));
  }
};

TEST_F(Jobs, ASongAnsweredWith202IsFetchedByPolling) {
  start_with_config(kConfig);
  const auto auth = paid_for(kSong);
  auto accepted = post_async(kSong, auth);
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  EXPECT_EQ(accepted.header("preference-applied"), "respond-async");
  EXPECT_FALSE(accepted.header("x-job-id").empty());
  auto done = poll_until_done(job_path(accepted), auth);
  ASSERT_EQ(done.status, 200) << done.body;
  // The engine's stages reach the poll; instruments take half a render.
  EXPECT_TRUE(saw("instruments", "percent")) << progress.size() << " polls";
  const std::string url(json::parse(done.body).at("audioUrl").as_string());
  auto file = get(url.substr(server_->url().size()));
  EXPECT_EQ(file.status, 200);
  EXPECT_GT(file.body.size(), 10'000U);
  // The synchronous request with the same credential gets the same result.
  auto same = post("/api/l402/music", kSong, auth);
  EXPECT_EQ(same.status, 200);
  EXPECT_EQ(same.body, done.body);
  // The operator sees how long the job took and how fast the node answered.
  const auto metrics = get("/metrics").body;
  EXPECT_EQ(metric_value(metrics, R"(l402d_job_duration_seconds_count{service="music"})"), 1)
      << metrics;
  EXPECT_GE(metric_value(metrics, R"(l402d_node_call_duration_seconds_count{backend="builtin",)"
                                  R"(call="create_invoice",outcome="ok"})"),
            1)
      << metrics;
}

// With one engine worker a second song waits, and its poll says where.
TEST_F(Jobs, ASongWaitingForTheEngineShowsItsPlaceInTheQueue) {
  start_with_config(std::string(kConfig) + "[server]\nworkers = 1\n");
  const std::string other = R"({"prompt":"calm acoustic folk","lyrics":"[Verse]\nSlow river)"
                            R"( in the evening light","model":"Music Generation"})";
  const auto first_auth = paid_for(kSong);
  const auto second_auth = paid_for(other);
  const auto first = post_async(kSong, first_auth);
  ASSERT_EQ(first.status, 202) << first.body;
  // The second is sent once the first holds the worker: the instruments take
  // half a render, seconds even in Release.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  for (;;) {
    const auto res = poll(job_path(first), first_auth);
    ASSERT_EQ(res.status, 202) << "the first song ended before it was seen rendering";
    if (json::parse(res.body).at("stage").as_string() == "instruments") break;
    ASSERT_LT(std::chrono::steady_clock::now(), give_up);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto second = post_async(other, second_auth);
  ASSERT_EQ(second.status, 202) << second.body;
  const auto done = poll_until_done(job_path(second), second_auth);
  EXPECT_EQ(done.status, 200) << done.body;
  bool first_in_line = false;
  for (const auto& p : progress)
    if (p.at("stage").as_string() == "queued" && p.contains("queue_position"))
      first_in_line = p.at("queue_position").as_int64() == 1;
  EXPECT_TRUE(first_in_line) << "polls: " << progress.size();
}

TEST_F(Jobs, AJobSurvivesKillNineOfItsInstance) {
  start_with_config(kConfig);
  const auto auth = paid_for(kSong);
  auto accepted = post_async(kSong, auth);
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  server_->kill(SIGKILL);  // the job was running; nothing finished it
  server_->start();
  auto running = poll(job_path(accepted), auth);
  EXPECT_EQ(running.status, 202) << running.body;
  auto done = poll_until_done(job_path(accepted), auth);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_NE(done.body.find("audioUrl"), std::string::npos);
  EXPECT_NE(server_->log().find("resuming"), std::string::npos);
}

// Issue 21: after kill -9 in the middle of a paid song and a restart, the
// same credential waited out the dead claim's lease (the job timeout + 30 s,
// 330 s by default) before the song was made again. The restarted server
// ends its previous life's claims at start (SQLite: it serves alone).
TEST_F(Jobs, APaidRequestCutShortByKillNineIsServedAtOnceAfterTheRestart) {
  start_with_config("");  // the default lease: the music job timeout + 30 s
  const auto auth = paid_for(kSong);
  std::thread buyer([&] {
    net::HttpRequest r;
    r.method = "POST";
    r.body = kSong;
    r.headers = {{"Content-Type", "application/json"}, {"Authorization", auth}};
    r.timeout = std::chrono::seconds(30);
    try {
      (void)send(r, "/api/l402/music");
    } catch (const net::HttpError&) {
      // cut short by the kill, as intended
    }
  });
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (metric_value(get("/metrics").body, "l402d_jobs_in_flight") < 1 &&
         std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  server_->kill(SIGKILL);
  buyer.join();
  server_->start();
  EXPECT_NE(server_->log().find("can be retried at once"), std::string::npos) << server_->log();
  const auto restarted = std::chrono::steady_clock::now();
  net::HttpResponse res;
  do {
    net::HttpRequest r;
    r.method = "POST";
    r.body = kSong;
    r.headers = {{"Content-Type", "application/json"}, {"Authorization", auth}};
    r.timeout = std::chrono::minutes(5);
    res = send(r, "/api/l402/music");
    if (res.status == 200) break;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  } while (std::chrono::steady_clock::now() - restarted < std::chrono::minutes(4));
  EXPECT_EQ(res.status, 200) << res.body;
  // A song under ASan takes a minute or two; the lease alone was 330 s.
  EXPECT_LT(std::chrono::steady_clock::now() - restarted, std::chrono::seconds(200));
}

// SQLite serves one instance: a second server on the same database would
// take claims the first still holds, so it is refused.
TEST_F(Jobs, ASecondServerOnTheSameSqliteDatabaseIsRefused) {
  start_with_config("");
  const std::string out = dir_.string() + ".second.out", err = dir_.string() + ".second.err";
  const pid_t second = spawn(
      {L402D_BINARY, "--data-dir", dir_.string(), "--listen", "127.0.0.1:0", "serve"}, out, err);
  int status = 0;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (::waitpid(second, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > give_up) {
      ::kill(second, SIGKILL);
      ::waitpid(second, &status, 0);
      ADD_FAILURE() << "the second server kept running";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 0);
  const std::string said = read_binary_file(out) + read_binary_file(err);
  EXPECT_NE(said.find("is already serving"), std::string::npos) << said;
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  EXPECT_EQ(get("/metrics").status, 200) << "the first is still serving";
}

TEST_F(Jobs, TheCallbackReachesItsReceiverSigned) {
  std::mutex m;
  std::vector<net::testing::LocalServer::Request> seen;
  net::testing::LocalServer receiver([&](const net::testing::LocalServer::Request& r) {
    std::lock_guard lock(m);
    seen.push_back(r);
    return net::testing::LocalServer::reply(r, 200, "");
  });
  start_with_config(kConfig);
  auto body = json::parse(kSong).as_object();
  body["callback_url"] = receiver.url("/done?ref=42");
  const auto text = json::serialize(body);
  const auto auth = paid_for(text);
  auto accepted = post("/api/l402/music", text, auth);
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const std::string secret(json::parse(accepted.body).at("callback_secret").as_string());
  auto done = poll_until_done(job_path(accepted), auth);
  ASSERT_EQ(done.status, 200);
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard lock(m);
      if (!seen.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::lock_guard lock(m);
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0].target(), "/done?ref=42");
  const auto delivered = json::parse(seen[0].body()).as_object();
  EXPECT_EQ(delivered.at("status").as_string(), "completed");
  EXPECT_EQ(delivered.at("result"), json::parse(done.body));
  const auto timestamp = std::stoll(std::string(seen[0]["X-L402d-Timestamp"]));
  EXPECT_EQ(seen[0]["X-L402d-Signature"],
            jobs::callback_signature(secret, timestamp, seen[0].body()));
}

TEST_F(Jobs, CallbacksToTheSellersNetworkAreRefusedByDefault) {
  std::atomic<int> calls{0};
  net::testing::LocalServer receiver([&](const net::testing::LocalServer::Request& r) {
    ++calls;
    return net::testing::LocalServer::reply(r, 200, "");
  });
  start_with_config("[jobs]\ncallback_attempts = 1\n");
  auto body = json::parse(kSong).as_object();
  body["callback_url"] = receiver.url("/done");
  const auto text = json::serialize(body);
  const auto auth = paid_for(text);
  auto accepted = post("/api/l402/music", text, auth);
  ASSERT_EQ(accepted.status, 202);
  ASSERT_EQ(poll_until_done(job_path(accepted), auth).status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(calls.load(), 0);
}

}  // namespace
}  // namespace l402d::testing
