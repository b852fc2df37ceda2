// Slow clients through the real binary: hundreds of connections trickling a
// request head one byte at a time (slowloris) must neither slow the others nor
// outlive the request deadline.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include "support/e2e_fixture.hpp"
#include "support/loopback_socket.hpp"

namespace l402d::testing {
namespace {

using Clock = std::chrono::steady_clock;

class SlowClients : public EndToEndTest {
 protected:
  // Milliseconds for one challenge, as a buyer sees it.
  double challenge_ms() {
    const auto start = Clock::now();
    const auto res = post("/api/l402/music", kSong);
    EXPECT_EQ(res.status, 402) << res.body;
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  }
  double p90_of_challenges(int n) {
    std::vector<double> ms;
    for (int i = 0; i < n; ++i)
      ms.push_back(challenge_ms());
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() * 9 / 10];
  }
  static constexpr const char* kSong =
      R"({"prompt":"calm piano ballad","lyrics":"Stars above","model":"Music Generation"})";
};

TEST_F(SlowClients, HundredsTricklingHeadsSlowNobodyAndAreCutAtTheDeadline) {
  start_with_config(
      "[server]\nread_timeout_ms = 4000\n[services.music]\nchallenges_per_minute = 0\n");
  const double before = p90_of_challenges(40);

  constexpr int kSlow = 300;
  const std::string head = "POST /api/l402/music HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  std::vector<int> slow;
  for (int i = 0; i < kSlow; ++i) {
    const int fd = connect_loopback(server_->port());
    ASSERT_GE(fd, 0);
    slow.push_back(fd);
  }
  // One byte per connection per round, a round every 100 ms: each head grows
  // forever and never ends, as a slowloris client's does.
  std::vector<double> during;
  const auto started = Clock::now();
  std::size_t sent = 0;
  while (Clock::now() - started < std::chrono::seconds(6)) {
    const char byte = sent < head.size() ? head[sent] : 'a';
    for (int fd : slow)
      (void)::send(fd, &byte, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
    ++sent;
    during.push_back(challenge_ms());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::sort(during.begin(), during.end());
  const double p90_during = during[during.size() * 9 / 10];
  // Usual latency: within a few milliseconds of the quiet server's.
  EXPECT_LT(p90_during, std::max(3 * before, before + 20.0))
      << "p90 " << before << " ms before, " << p90_during << " ms with " << kSlow
      << " slow clients";

  // The read deadline (4 s from the first byte) has passed: every slow
  // connection has been answered or closed by the server.
  int still_open = 0;
  for (int fd : slow) {
    char buf[512];
    timeval tv{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) {
    }
    if (n < 0) ++still_open;  // timed out: the server kept it
    ::close(fd);
  }
  EXPECT_EQ(still_open, 0) << "of " << kSlow << " slow connections";
  EXPECT_EQ(get("/healthz").status, 200);
}

}  // namespace
}  // namespace l402d::testing
