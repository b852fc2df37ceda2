#include "lightning/invoice_waiters.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <thread>

#include "util/run_blocking.hpp"

namespace l402d::lightning {
namespace {

namespace asio = boost::asio;
using std::chrono::milliseconds;

const InvoiceStatus kSettled{InvoiceState::settled, 1000, 1'800'000'000, Hash32{7}};

Hash32 hash(std::uint8_t b) {
  Hash32 h{};
  h[0] = b;
  return h;
}

TEST(InvoiceWaiters, ANotificationWakesEveryWaiterOfThatInvoice) {
  InvoiceWaiters waiters;
  asio::io_context io;
  int woken = 0;
  int other_timed_out = 0;
  auto wait = [&](Hash32 h, int& count, bool expect) -> asio::awaitable<void> {
    auto ticket = co_await waiters.enrol(h);
    auto status = co_await ticket.wait(milliseconds(2000));
    if (status.has_value() == expect) ++count;
  };
  asio::co_spawn(io, wait(hash(1), woken, true), asio::detached);
  asio::co_spawn(io, wait(hash(1), woken, true), asio::detached);
  asio::co_spawn(io, wait(hash(2), other_timed_out, false), asio::detached);
  std::thread payer([&] {
    while (waiters.waiting() < 3)
      std::this_thread::sleep_for(milliseconds(1));
    waiters.notify(hash(1), kSettled);
  });
  const auto started = std::chrono::steady_clock::now();
  io.run_for(milliseconds(300));
  payer.join();
  EXPECT_EQ(woken, 2);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(1000));
  EXPECT_EQ(waiters.waiting(), 1u);  // the other invoice's waiter, still waiting
  io.restart();
  io.run();
  EXPECT_EQ(other_timed_out, 1);
  EXPECT_EQ(waiters.waiting(), 0u);
}

TEST(InvoiceWaiters, ANotificationBeforeTheWaitIsNotLost) {
  InvoiceWaiters waiters;
  auto status = run_blocking([&]() -> asio::awaitable<std::optional<InvoiceStatus>> {
    auto ticket = co_await waiters.enrol(hash(3));
    waiters.notify(hash(3), kSettled);
    co_return co_await ticket.wait(milliseconds(5000));
  }());
  ASSERT_TRUE(status);
  EXPECT_EQ(status->preimage, Hash32{7});
}

TEST(InvoiceWaiters, TimesOutAndLeaves) {
  InvoiceWaiters waiters;
  const auto started = std::chrono::steady_clock::now();
  auto status = run_blocking([&]() -> asio::awaitable<std::optional<InvoiceStatus>> {
    auto ticket = co_await waiters.enrol(hash(4));
    co_return co_await ticket.wait(milliseconds(100));
  }());
  EXPECT_FALSE(status);
  EXPECT_GE(std::chrono::steady_clock::now() - started, milliseconds(100));
  EXPECT_EQ(waiters.waiting(), 0u);
  waiters.notify(hash(4), kSettled);  // nobody left to wake: harmless
}

}  // namespace
}  // namespace l402d::lightning
