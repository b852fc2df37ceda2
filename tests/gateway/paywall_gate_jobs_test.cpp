#include <gtest/gtest.h>

#include <mutex>

#include "gateway/gate_harness.hpp"
#include "jobs/callback_signature.hpp"
#include "l402/identifier.hpp"
#include "l402/request_binding.hpp"
#include "net/local_server.hpp"

namespace l402d::gateway {
namespace {

using namespace l402d::gateway::testing;  // NOLINT(google-build-using-namespace)
namespace json = boost::json;
using HttpResponse = http::beast_http::response<http::beast_http::string_body>;

HarnessOptions with_jobs() {
  HarnessOptions o;
  o.jobs = true;
  return o;
}

HttpResponse send(Harness& h, Verb verb, const std::string& target, const std::string& body,
                  const std::vector<std::pair<std::string, std::string>>& headers) {
  TestClient c(h.server->port());
  auto req = make_request(verb, target, body);
  for (const auto& [k, v] : headers)
    req.set(k, v);
  return c.send(req);
}

HttpResponse post_async(Harness& h, const std::string& auth, const std::string& body = kBody) {
  return send(h, Verb::post, "/api/l402/music", body,
              {{"Authorization", auth}, {"Prefer", "respond-async"}});
}

std::string job_path(const HttpResponse& accepted) {
  const std::string url(json::parse(accepted.body()).at("poll_url").as_string());
  return url.substr(url.find("/api/l402/jobs/"));
}

HttpResponse poll(Harness& h, const std::string& path, const std::string& auth) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!auth.empty()) headers.emplace_back("Authorization", auth);
  return send(h, Verb::get, path, "", headers);
}

// Polls until the job is no longer running (or about five seconds pass).
HttpResponse poll_until_done(Harness& h, const std::string& path, const std::string& auth) {
  for (int i = 0; i < 250; ++i) {
    auto res = poll(h, path, auth);
    if (res.result() != Status::accepted) return res;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return poll(h, path, auth);
}

TEST(PaywallGateJobs, APaidRequestThatPrefersAsyncGets202ThenItsResultByPolling) {
  Harness h(with_jobs());
  h.slow = true;
  const auto auth = h.pay(kBody);
  auto accepted = post_async(h, auth);
  ASSERT_EQ(accepted.result(), Status::accepted) << accepted.body();
  const auto body = json::parse(accepted.body()).as_object();
  const std::string id(body.at("job_id").as_string());
  EXPECT_EQ(id.size(), 32U);
  EXPECT_EQ(body.at("requestId").as_string(), id);
  EXPECT_EQ(body.at("poll_interval_ms").to_number<int>(), 100);
  EXPECT_EQ(accepted["X-Job-Id"], id);
  EXPECT_EQ(accepted["X-Poll-Interval-Ms"], "100");
  EXPECT_EQ(accepted[Field::location], body.at("poll_url").as_string());
  EXPECT_EQ(accepted["Preference-Applied"], "respond-async");
  EXPECT_EQ(job_path(accepted), "/api/l402/jobs/" + id);

  auto running = poll(h, job_path(accepted), auth);
  EXPECT_EQ(running.result(), Status::accepted) << running.body();
  auto done = poll_until_done(h, job_path(accepted), auth);
  ASSERT_EQ(done.result(), Status::ok) << done.body();
  EXPECT_EQ(done.body(), R"({"audioUrl":"http://x/media/1"})");
  EXPECT_EQ(done["X-Job-Id"], id);
  // The identical request with the same credential gets the same result.
  auto again = h.post(kBody, auth);
  EXPECT_EQ(again.result(), Status::ok);
  EXPECT_EQ(again.body(), done.body());
  EXPECT_EQ(h.calls.load(), 1);
}

TEST(PaywallGateJobs, AskingAgainWhileItRunsNamesTheSameJob) {
  Harness h(with_jobs());
  h.slow = true;
  h.slow_ms = 800;
  const auto auth = h.pay(kBody);
  auto first = post_async(h, auth);
  ASSERT_EQ(first.result(), Status::accepted);
  auto second = post_async(h, auth);
  ASSERT_EQ(second.result(), Status::accepted) << second.body();
  EXPECT_EQ(second["X-Job-Id"], first["X-Job-Id"]);
  poll_until_done(h, job_path(first), auth);
  EXPECT_EQ(h.calls.load(), 1);
}

TEST(PaywallGateJobs, ABodyFlagAsksForAJobToo) {
  Harness h(with_jobs());
  const std::string body = R"({"prompt":"a song","lyrics":"la","async":true})";
  const auto auth = h.pay(body);
  auto accepted = send(h, Verb::post, "/api/l402/music", body, {{"Authorization", auth}});
  EXPECT_EQ(accepted.result(), Status::accepted) << accepted.body();
  auto done = poll_until_done(h, job_path(accepted), auth);
  EXPECT_EQ(done.result(), Status::ok);
}

TEST(PaywallGateJobs, WithoutAJobFlagThePaidRequestIsAnsweredWhenDone) {
  Harness h(with_jobs());
  const auto auth = h.pay(kBody);
  auto res = h.post(kBody, auth);
  EXPECT_EQ(res.result(), Status::ok);
  EXPECT_TRUE(res["X-Job-Id"].empty());
}

TEST(PaywallGateJobs, OnlyTheCredentialThatPaidMayPoll) {
  Harness h(with_jobs());
  const auto auth = h.pay(kBody);
  auto accepted = post_async(h, auth);
  ASSERT_EQ(accepted.result(), Status::accepted);
  poll_until_done(h, job_path(accepted), auth);
  auto anonymous = poll(h, job_path(accepted), "");
  EXPECT_EQ(anonymous.result(), Status::forbidden);
  EXPECT_EQ(code_of(anonymous), "job_credential_required");
  const auto other = h.pay(R"({"prompt":"another"})");
  auto stranger = poll(h, job_path(accepted), other);
  EXPECT_EQ(stranger.result(), Status::forbidden);
  auto unknown = poll(h, "/api/l402/jobs/00000000000000000000000000000000", auth);
  EXPECT_EQ(unknown.result(), Status::not_found);
}

TEST(PaywallGateJobs, AFailedJobShowsItsFailureAndTheTokenStaysRedeemable) {
  Harness h(with_jobs());
  h.fail_next = true;
  const auto auth = h.pay(kBody);
  auto accepted = post_async(h, auth);
  ASSERT_EQ(accepted.result(), Status::accepted);
  auto failed = poll_until_done(h, job_path(accepted), auth);
  EXPECT_EQ(failed.result(), Status::bad_gateway) << failed.body();
  EXPECT_EQ(code_of(failed), "engine_down");
  // The same credential runs it again, as a job again, under the same id.
  auto retried = post_async(h, auth);
  ASSERT_EQ(retried.result(), Status::accepted) << retried.body();
  EXPECT_EQ(retried["X-Job-Id"], accepted["X-Job-Id"]);
  auto done = poll_until_done(h, job_path(accepted), auth);
  EXPECT_EQ(done.result(), Status::ok) << done.body();
  EXPECT_EQ(h.calls.load(), 2);
}

TEST(PaywallGateJobs, ABadCallbackUrlIsRefusedBeforeAnyInvoice) {
  Harness h(with_jobs());
  auto res = h.post(R"({"prompt":"a song","callback_url":"ftp://example.com/x"})");
  EXPECT_EQ(res.result(), Status::bad_request);
  EXPECT_EQ(code_of(res), "callback_url_invalid");
  EXPECT_TRUE(res[Field::www_authenticate].empty());
}

// A job whose instance died holds a claim whose lease runs out; the runner
// finds it and runs it from its stored request.
TEST(PaywallGateJobs, AnOrphanedJobIsResumedFromItsStoredRequest) {
  Harness h(with_jobs());
  const auto auth = h.pay(kBody);
  // What a crashed instance left: the token claimed, the job recorded.
  const std::string header = auth;
  l402::CredentialHeaders headers;
  headers.authorization.push_back(header);
  auto credential = l402::parse_credential(headers);
  ASSERT_TRUE(credential);
  auto view = l402::parse_macaroon_view(credential->macaroon);
  ASSERT_TRUE(view);
  auto id = l402::decode_identifier(view->identifier);
  ASSERT_TRUE(id);
  // The harness's clock stands still at its start, at most this.
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  store::TokenRecord token;
  token.token_id = id->token_id;
  token.payment_hash = id->payment_hash;
  token.service = "music";
  token.request_hash = l402::request_hash("POST", "/api/l402/music", kBody);
  token.price_msat = 100'000;
  ASSERT_EQ(h.store->claim_token(token, now, 2).outcome, store::Claim::Outcome::claimed);
  store::JobRecord job;
  job.job_id = "0123456789abcdef0123456789abcdef";
  job.token_id = id->token_id;
  job.service = "music";
  job.method = "POST";
  job.target = "/api/l402/music";
  job.content_type = "application/json";
  job.body = kBody;
  job.stage = "running";
  job.created_at = job.updated_at = now;
  h.store->create_job(job);
  const std::string path = "/api/l402/jobs/" + job.job_id;
  EXPECT_EQ(poll(h, path, auth).result(), Status::accepted);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(h.calls.load(), 0) << "resumed while the lease still held";
  h.skew += 10;  // the lease runs out
  auto done = poll_until_done(h, path, auth);
  ASSERT_EQ(done.result(), Status::ok) << done.body();
  EXPECT_EQ(h.calls.load(), 1);
}

TEST(PaywallGateJobs, TheCallbackGetsTheResultSigned) {
  Harness h(with_jobs());
  std::mutex m;
  std::vector<net::testing::LocalServer::Request> seen;
  net::testing::LocalServer receiver([&](const net::testing::LocalServer::Request& r) {
    std::lock_guard lock(m);
    seen.push_back(r);
    return net::testing::LocalServer::reply(r, 200, "ok");
  });
  const std::string body =
      json::serialize(json::object{{"prompt", "a song"}, {"callback_url", receiver.url("/hook")}});
  const auto auth = h.pay(body);
  auto accepted = send(h, Verb::post, "/api/l402/music", body, {{"Authorization", auth}});
  ASSERT_EQ(accepted.result(), Status::accepted) << accepted.body();
  const std::string secret(json::parse(accepted.body()).at("callback_secret").as_string());
  EXPECT_EQ(secret.size(), 64U);
  poll_until_done(h, job_path(accepted), auth);
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard lock(m);
      if (!seen.empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::lock_guard lock(m);
  ASSERT_EQ(seen.size(), 1U);
  const auto delivered = json::parse(seen[0].body()).as_object();
  EXPECT_EQ(delivered.at("status").as_string(), "completed");
  EXPECT_EQ(delivered.at("job_id").as_string(), accepted["X-Job-Id"]);
  EXPECT_EQ(delivered.at("result").at("audioUrl").as_string(), "http://x/media/1");
  const auto timestamp = std::stoll(std::string(seen[0]["X-L402d-Timestamp"]));
  EXPECT_EQ(seen[0]["X-L402d-Signature"],
            jobs::callback_signature(secret, timestamp, seen[0].body()));
}

}  // namespace
}  // namespace l402d::gateway
