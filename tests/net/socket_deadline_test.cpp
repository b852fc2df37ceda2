// The one-timer deadline of a connection: it fires once its time has passed,
// never early after being moved later, and leaves an idle connection's
// io_context free to finish.

#include "net/socket_deadline.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace l402d::net {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST(SocketDeadline, FiresOnceItsTimeHasPassed) {
  asio::io_context io;
  int fired = 0;
  SocketDeadline deadline(io.get_executor(), [&] { ++fired; });
  const auto start = Clock::now();
  deadline.expires_after(30ms);
  io.run();
  EXPECT_EQ(fired, 1);
  EXPECT_TRUE(deadline.expired());
  EXPECT_GE(Clock::now() - start, 30ms);
}

TEST(SocketDeadline, MovedLaterItWaitsForTheNewTime) {
  asio::io_context io;
  Clock::time_point fired_at{};
  SocketDeadline deadline(io.get_executor(), [&] { fired_at = Clock::now(); });
  const auto start = Clock::now();
  deadline.expires_after(20ms);
  asio::steady_timer later(io, 10ms);
  later.async_wait([&](auto) { deadline.expires_after(60ms); });
  io.run();
  EXPECT_GE(fired_at - start, 70ms);
}

TEST(SocketDeadline, MovedEarlierItFiresAtTheEarlierTime) {
  asio::io_context io;
  Clock::time_point fired_at{};
  SocketDeadline deadline(io.get_executor(), [&] { fired_at = Clock::now(); });
  const auto start = Clock::now();
  deadline.expires_after(10s);
  deadline.expires_after(20ms);
  io.run();
  EXPECT_LT(fired_at - start, 5s);
  EXPECT_TRUE(deadline.expired());
}

TEST(SocketDeadline, NeverLetsTheLoopFinishWithoutFiring) {
  asio::io_context io;
  int fired = 0;
  SocketDeadline deadline(io.get_executor(), [&] { ++fired; });
  deadline.expires_after(10s);
  asio::post(io, [&] { deadline.expires_never(); });
  const auto start = Clock::now();
  io.run();
  EXPECT_LT(Clock::now() - start, 5s);
  EXPECT_EQ(fired, 0);
  EXPECT_FALSE(deadline.expired());
}

TEST(SocketDeadline, ADestroyedDeadlineNeverFires) {
  asio::io_context io;
  int fired = 0;
  {
    SocketDeadline deadline(io.get_executor(), [&] { ++fired; });
    deadline.expires_after(10ms);
  }
  io.run();
  EXPECT_EQ(fired, 0);
}

}  // namespace
}  // namespace l402d::net
