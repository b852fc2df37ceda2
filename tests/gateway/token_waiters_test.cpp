// Waiting for a busy token's work to end: a notice wakes the waiter at once,
// whether it came before the wait or during it, from any thread; without one
// the fallback poll ends the wait; a watch may go while a wake is in flight.

#include "gateway/token_waiters.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <thread>

namespace l402d::gateway {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace asio = boost::asio;

Hash32 id(std::uint8_t b) {
  Hash32 h{};
  h.fill(b);
  return h;
}

// How long one wait on `watch` took, run on `io`.
std::chrono::milliseconds timed_wait(asio::io_context& io, TokenWatch& watch,
                                     std::chrono::milliseconds fallback) {
  const auto start = Clock::now();
  auto done = asio::co_spawn(io, watch.wait(fallback), asio::use_future);
  io.restart();
  io.run();
  done.get();
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
}

TEST(TokenWaiters, ANoticeBeforeTheWaitEndsItAtOnce) {
  asio::io_context io;
  TokenWaiters waiters;
  auto watch = waiters.watch(id(1), io.get_executor());
  waiters.notify(id(1));
  EXPECT_LT(timed_wait(io, *watch, 5s), 1s);
}

TEST(TokenWaiters, ANoticeFromAnotherThreadDuringTheWaitEndsIt) {
  asio::io_context io;
  TokenWaiters waiters;
  auto watch = waiters.watch(id(2), io.get_executor());
  std::thread notifier([&] {
    std::this_thread::sleep_for(100ms);
    waiters.notify(id(2));
  });
  EXPECT_LT(timed_wait(io, *watch, 5s), 2s);
  notifier.join();
}

TEST(TokenWaiters, AnotherTokensNoticeDoesNotAndTheFallbackEndsTheWait) {
  asio::io_context io;
  TokenWaiters waiters;
  auto watch = waiters.watch(id(3), io.get_executor());
  waiters.notify(id(4));
  const auto took = timed_wait(io, *watch, 300ms);
  EXPECT_GE(took, 290ms);
  EXPECT_LT(took, 2s);
}

TEST(TokenWaiters, EveryWatcherOfTheTokenIsWokenAndAWatchMayGoMeanwhile) {
  asio::io_context io;
  TokenWaiters waiters;
  auto first = waiters.watch(id(5), io.get_executor());
  auto second = waiters.watch(id(5), io.get_executor());
  auto leaving = waiters.watch(id(5), io.get_executor());
  waiters.notify(id(5));
  leaving.reset();  // its wake is posted but not yet run
  EXPECT_LT(timed_wait(io, *first, 5s), 1s);
  EXPECT_LT(timed_wait(io, *second, 5s), 1s);
  // Each notice ends one wait: the next waits for the next notice.
  EXPECT_GE(timed_wait(io, *first, 200ms), 190ms);
}

}  // namespace
}  // namespace l402d::gateway
