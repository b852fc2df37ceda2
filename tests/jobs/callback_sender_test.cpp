#include "jobs/callback_sender.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "jobs/callback_signature.hpp"
#include "net/local_server.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"

namespace l402d::jobs {
namespace {

using net::testing::LocalServer;

struct Fixture {
  Fixture() {
    store = store::open_sqlite_store({dir / "l402d.db"});
    job.job_id = "00112233445566778899aabbccddeeff";
    job.token_id = Hash32{1};
    job.service = "music";
    job.method = "POST";
    job.target = "/api/l402/music";
    job.content_type = "application/json";
    job.body = "{}";
    job.callback = store::CallbackState::pending;
    job.created_at = job.updated_at = 1700000000;
  }
  CallbackSender sender(bool allow_private, int attempts = 3) {
    CallbackOptions o;
    o.allow_private = allow_private;
    o.attempts = attempts;
    o.first_backoff = std::chrono::milliseconds(1);
    o.timeout = std::chrono::milliseconds(2000);
    return CallbackSender(*store, Bytes(32, 7), o, [] { return std::int64_t{1700000000}; });
  }
  store::JobRecord stored() { return *store->find_job(job.job_id); }

  l402d::testing::TempDir dir{"l402d-callbacks"};
  std::unique_ptr<store::Store> store;
  store::JobRecord job;
};

TEST(CallbackSender, DeliversTheBodySignedOnceAndRecordsIt) {
  Fixture f;
  std::mutex m;
  std::vector<LocalServer::Request> seen;
  LocalServer receiver([&](const LocalServer::Request& r) {
    std::lock_guard lock(m);
    seen.push_back(r);
    return LocalServer::reply(r, 204, "");
  });
  f.job.callback_url = receiver.url("/hook?key=secret");
  f.store->create_job(f.job);
  auto sender = f.sender(true);
  EXPECT_TRUE(sender.deliver(f.job, R"({"status":"completed"})"));
  ASSERT_EQ(seen.size(), 1U);
  const auto& r = seen[0];
  EXPECT_EQ(r.target(), "/hook?key=secret");
  EXPECT_EQ(r.body(), R"({"status":"completed"})");
  EXPECT_EQ(r["X-L402d-Job-Id"], f.job.job_id);
  EXPECT_EQ(r["X-L402d-Timestamp"], "1700000000");
  EXPECT_EQ(r["X-L402d-Signature"],
            callback_signature(sender.secret_for(f.job.job_id), 1700000000, r.body()));
  EXPECT_EQ(f.stored().callback, store::CallbackState::delivered);
  EXPECT_EQ(f.stored().callback_attempts, 1);
}

TEST(CallbackSender, RetriesAFailingReceiverThenGivesUp) {
  Fixture f;
  std::atomic<int> calls{0};
  LocalServer receiver([&](const LocalServer::Request& r) {
    ++calls;
    return LocalServer::reply(r, calls < 2 ? 500 : 200, "");
  });
  f.job.callback_url = receiver.url("/hook");
  f.store->create_job(f.job);
  EXPECT_TRUE(f.sender(true).deliver(f.job, "{}"));
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(f.stored().callback_attempts, 2);

  LocalServer broken([&](const LocalServer::Request& r) { return LocalServer::reply(r, 503, ""); });
  f.job.callback_url = broken.url("/hook");
  f.job.callback_attempts = 0;
  EXPECT_FALSE(f.sender(true, 3).deliver(f.job, "{}"));
  EXPECT_EQ(f.stored().callback, store::CallbackState::gave_up);
  EXPECT_EQ(f.stored().callback_attempts, 3);
}

TEST(CallbackSender, LoopbackIsRefusedUnlessAllowed) {
  Fixture f;
  std::atomic<int> calls{0};
  LocalServer receiver([&](const LocalServer::Request& r) {
    ++calls;
    return LocalServer::reply(r, 200, "");
  });
  f.job.callback_url = receiver.url("/hook");
  f.store->create_job(f.job);
  EXPECT_FALSE(f.sender(false, 2).deliver(f.job, "{}"));
  EXPECT_EQ(calls.load(), 0);
  EXPECT_EQ(f.stored().callback, store::CallbackState::gave_up);
  // A name that resolves to loopback is refused as the address itself is.
  f.job.callback_url = "http://localhost:" + receiver.url("/").substr(17);
  f.job.callback_attempts = 0;
  EXPECT_FALSE(f.sender(false, 1).deliver(f.job, "{}"));
  EXPECT_EQ(calls.load(), 0);
}

TEST(CallbackSender, ContinuesFromTheAttemptsAlreadyMade) {
  Fixture f;
  std::atomic<int> calls{0};
  LocalServer receiver([&](const LocalServer::Request& r) {
    ++calls;
    return LocalServer::reply(r, 500, "");
  });
  f.job.callback_url = receiver.url("/hook");
  f.job.callback_attempts = 2;
  f.store->create_job(f.job);
  EXPECT_FALSE(f.sender(true, 3).deliver(f.job, "{}"));
  EXPECT_EQ(calls.load(), 1);
}

}  // namespace
}  // namespace l402d::jobs
