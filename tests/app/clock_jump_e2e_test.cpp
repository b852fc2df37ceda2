// The wall clock jumping under a running server, as an NTP step or an
// operator's `date -s` does. libfaketime (Debian's, preloaded into l402d
// alone) shifts CLOCK_REALTIME by the offset in a file the test rewrites
// while the server runs; the monotonic clock is left alone, as in a real
// step. What must hold: deadlines follow the monotonic clock (a step back
// does not keep a slow client's connection open), whatever was bought before
// the jump is still served and replayed, new sales work, and a paid job the
// jump overtakes is answered once, charged once.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "support/e2e_fixture.hpp"
#include "support/loopback_socket.hpp"

namespace l402d::testing {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

const std::string kSong =
    R"({"prompt":"calm acoustic folk","lyrics":"[Verse]\nRiver runs slow under evening light","model":"Music Generation"})";

class ClockJump : public EndToEndTest {
 protected:
  void SetUp() override {
    EndToEndTest::SetUp();
    ASSERT_TRUE(fs::exists(L402D_FAKETIME_LIBRARY))
        << "libfaketime is missing: ./dev installs it (apt-get install libfaketime)";
    offset_file_ = dir_.string() + ".faketime";
    set_offset("+0");
    saved_asan_ = std::getenv("ASAN_OPTIONS") ? std::getenv("ASAN_OPTIONS") : "";
    // Only the server's children see these; the test's own clock is real.
    ::setenv("LD_PRELOAD", L402D_FAKETIME_LIBRARY, 1);
    ::setenv("FAKETIME_TIMESTAMP_FILE", offset_file_.c_str(), 1);
    ::setenv("FAKETIME_NO_CACHE", "1", 1);
    ::setenv("FAKETIME_DONT_FAKE_MONOTONIC", "1", 1);
    // The sanitizer runtime insists on loading first; libfaketime only
    // wraps clock calls, which it does not instrument.
    ::setenv("ASAN_OPTIONS", (saved_asan_ + ":verify_asan_link_order=0").c_str(), 1);
  }
  void TearDown() override {
    ::unsetenv("LD_PRELOAD");
    ::unsetenv("FAKETIME_TIMESTAMP_FILE");
    ::unsetenv("FAKETIME_NO_CACHE");
    ::unsetenv("FAKETIME_DONT_FAKE_MONOTONIC");
    if (saved_asan_.empty())
      ::unsetenv("ASAN_OPTIONS");
    else
      ::setenv("ASAN_OPTIONS", saved_asan_.c_str(), 1);
    EndToEndTest::TearDown();
    fs::remove(offset_file_);
  }

  // libfaketime's relative form: "+0", "-1h", "+2d".
  void set_offset(const std::string& offset) {
    const auto tmp = offset_file_ + ".tmp";
    std::ofstream(tmp) << offset << "\n";
    fs::rename(tmp, offset_file_);
  }

  // The server's idea of now, from its log's timestamps: proves the jump
  // took. The access line is written after the answer, so look a few times.
  bool server_clock_moved(int hours) {
    for (int attempt = 0; attempt < 50; ++attempt) {
      const auto before = std::chrono::system_clock::now();
      EXPECT_EQ(get("/healthz").status, 200);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      const auto moved = logged_hours_ahead(before);
      if (hours < 0 ? moved <= hours : moved >= hours) return true;
    }
    return false;
  }
  // How far the newest access line's time is ahead of `now`, in whole hours.
  long logged_hours_ahead(std::chrono::system_clock::time_point now) const {
    const auto log = server_->log();
    const auto at = log.rfind("GET /healthz");
    if (at == std::string::npos) return 0;
    const auto line = log.rfind('\n', at);
    const auto stamp = log.substr(line == std::string::npos ? 0 : line + 1, 20);
    std::tm tm{};
    if (!strptime(stamp.c_str(), "[%Y-%m-%d %H:%M:%S", &tm)) return 0;
    const auto logged = std::chrono::system_clock::from_time_t(timegm(&tm));
    return std::chrono::round<std::chrono::hours>(logged - now).count();
  }

  std::string buy(const std::string& body) {
    auto challenge = post("/api/l402/vision", body);
    EXPECT_EQ(challenge.status, 402) << challenge.body;
    return challenge.status == 402 ? pay(challenge) : std::string();
  }

  std::string offset_file_;
  std::string saved_asan_;
};

// An hour back, then 22 hours forward (inside the 24 h a token is valid
// for, counted from the earliest mint below), then back to true time: every
// credential keeps working throughout.
TEST_F(ClockJump, WhatWasBoughtBeforeAJumpIsServedAndNewSalesWork) {
  start();
  const auto unused_body = image_request("What is in this image, before the jump?");
  const auto used_body = image_request("And what colours, before the jump?");
  const auto unused = buy(unused_body);
  const auto used = buy(used_body);
  auto first = post("/api/l402/vision", used_body, used);
  ASSERT_EQ(first.status, 200) << first.body;

  set_offset("-1h");
  ASSERT_TRUE(server_clock_moved(-1)) << server_->log();
  EXPECT_EQ(get("/healthz").status, 200);
  auto late = post("/api/l402/vision", unused_body, unused);
  EXPECT_EQ(late.status, 200) << "a token minted 'in the future' is still good: " << late.body;
  auto replay = post("/api/l402/vision", used_body, used);
  EXPECT_EQ(replay.status, 200) << replay.body;
  EXPECT_EQ(replay.body, first.body);
  const auto during_body = image_request("What is in this image, an hour ago?");
  const auto during = buy(during_body);
  EXPECT_EQ(post("/api/l402/vision", during_body, during).status, 200);

  set_offset("+22h");
  ASSERT_TRUE(server_clock_moved(21)) << server_->log();
  EXPECT_EQ(post("/api/l402/vision", used_body, used).status, 200);
  EXPECT_EQ(post("/api/l402/vision", during_body, during).status, 200);
  const auto later_body = image_request("What is in this image, tomorrow?");
  EXPECT_EQ(post("/api/l402/vision", later_body, buy(later_body)).status, 200);

  set_offset("+0");
  EXPECT_EQ(post("/api/l402/vision", unused_body, unused).status, 200);
  EXPECT_EQ(get("/healthz").status, 200);
}

// Request deadlines run on the monotonic clock: a slow client's half-sent
// head is cut at its deadline even when the wall clock steps an hour back
// meanwhile (a wall-clock deadline would keep it open for that hour).
TEST_F(ClockJump, ASlowClientIsCutAtItsDeadlineWhenTheClockStepsBack) {
  start_with_config("[server]\nread_timeout_ms = 2000\n");
  const int fd = connect_loopback(server_->port(), 30);
  ASSERT_GE(fd, 0);
  const std::string head = "POST /api/l402/vision HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  ASSERT_EQ(::send(fd, head.data(), head.size(), MSG_NOSIGNAL), static_cast<ssize_t>(head.size()));
  const auto sent = Clock::now();
  set_offset("-1h");
  char byte;
  const auto n = ::recv(fd, &byte, 1, 0);
  const auto waited = Clock::now() - sent;
  ::close(fd);
  EXPECT_GE(n, 0) << "the connection was neither answered nor closed within 30 s";
  EXPECT_LT(waited, std::chrono::seconds(10));
  EXPECT_EQ(get("/healthz").status, 200);
}

// A paid song overtaken by a step forward longer than its claim's lease
// (the job timeout + 30 s): by the wall clock the claim ran out, so a
// replay that comes meanwhile may take it over and make the song again
// (docs/store.md: the work may run twice), but the buyer pays once and
// every answer is the one song that was recorded.
TEST_F(ClockJump, APaidSongOvertakenByAJumpPastItsLeaseIsAnsweredOnceAndChargedOnce) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "a song takes minutes under ASan; LocalRuns.* covers the gate's part there";
#endif
  start_with_config("[services.music]\ntimeout_seconds = 60\n");
  auto challenge = post("/api/l402/music", kSong);
  ASSERT_EQ(challenge.status, 402) << challenge.body;
  const auto auth = pay(challenge);

  net::HttpResponse first;
  std::jthread buyer([&] { first = post("/api/l402/music", kSong, auth); });
  const auto give_up = Clock::now() + std::chrono::minutes(2);
  while (metric("l402d_jobs_in_flight") < 1 && Clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_GE(metric("l402d_jobs_in_flight"), 1) << "the song never started";
  set_offset("+2h");
  // Waits for the running song; on a slow machine it may give up first
  // (409 token_busy), which is honest too. It must never be a second song.
  auto second = post("/api/l402/music", kSong, auth);
  buyer.join();
  ASSERT_EQ(first.status, 200) << first.body;
  const auto url = [](const net::HttpResponse& r) {
    return std::string(json::parse(r.body).at("audioUrl").as_string());
  };
  if (second.status == 200) {
    EXPECT_EQ(url(second), url(first));
  } else {
    EXPECT_EQ(second.status, 409) << second.body;
  }
  auto third = post("/api/l402/music", kSong, auth);
  ASSERT_EQ(third.status, 200) << third.body;
  EXPECT_EQ(url(third), url(first));
  EXPECT_EQ(metric("l402d_challenges_issued_total{service=\"music\"}"), 1);
  EXPECT_EQ(metric("l402d_payments_redeemed_total{service=\"music\",rail=\"l402\"}"), 1);
  EXPECT_EQ(metric("l402d_engine_duration_seconds_count{service=\"music\"}"), 1)
      << "the song was made twice";
}

}  // namespace
}  // namespace l402d::testing
