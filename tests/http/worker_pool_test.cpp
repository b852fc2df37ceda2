#include "http/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/system_executor.hpp>
#include <boost/asio/use_future.hpp>
#include <future>
#include <stdexcept>
#include <thread>

namespace l402d::http {
namespace {

TEST(WorkerPool, RunsOffTheCallingThreadAndResumesWithTheResult) {
  WorkerPool pool(2, 4);
  boost::asio::io_context ioc;
  auto caller = std::this_thread::get_id();
  std::thread::id worker;
  auto fut = boost::asio::co_spawn(
      ioc,
      [&]() -> boost::asio::awaitable<int> {
        int v = co_await pool.run([&] {
          worker = std::this_thread::get_id();
          return 41;
        });
        // Back on the io_context's thread.
        EXPECT_EQ(std::this_thread::get_id(), caller);
        co_return v + 1;
      },
      boost::asio::use_future);
  ioc.run();
  EXPECT_EQ(fut.get(), 42);
  EXPECT_NE(worker, caller);
}

// A caller that resumes and asks has_capacity() at once (a new 402 right after
// a job) must find the finished job's slot free. With the system executor the
// caller resumes on the worker, inside the job, before the worker's loop
// goes on: the slot must already be counted free then.
TEST(WorkerPool, ASlotIsFreeAgainWhenTheCallerResumes) {
  WorkerPool pool(1, 0);
  std::promise<bool> capacity_on_resume;
  boost::asio::co_spawn(
      boost::asio::system_executor(),
      [&]() -> boost::asio::awaitable<void> {
        co_await pool.run([] { return 1; });
        capacity_on_resume.set_value(pool.has_capacity());
      },
      boost::asio::detached);
  EXPECT_TRUE(capacity_on_resume.get_future().get());
}

TEST(WorkerPool, PropagatesExceptions) {
  WorkerPool pool(1, 1);
  boost::asio::io_context ioc;
  auto fut = boost::asio::co_spawn(
      ioc,
      [&]() -> boost::asio::awaitable<int> {
        co_return co_await pool.run([]() -> int { throw std::runtime_error("engine failed"); });
      },
      boost::asio::use_future);
  ioc.run();
  EXPECT_THROW(fut.get(), std::runtime_error);
}

TEST(WorkerPool, VoidJobs) {
  WorkerPool pool(1, 1);
  boost::asio::io_context ioc;
  std::atomic<bool> ran{false};
  auto fut = boost::asio::co_spawn(
      ioc, [&]() -> boost::asio::awaitable<void> { co_await pool.run([&] { ran = true; }); },
      boost::asio::use_future);
  ioc.run();
  fut.get();
  EXPECT_TRUE(ran);
}

TEST(WorkerPool, CapacityCountsRunningAndQueuedJobs) {
  WorkerPool pool(1, 1);
  boost::asio::io_context ioc;
  std::atomic<bool> release{false};
  std::atomic<int> started{0};
  auto job = [&] {
    ++started;
    while (!release)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return 0;
  };
  EXPECT_TRUE(pool.has_capacity());
  for (int i = 0; i < 2; ++i) {
    boost::asio::co_spawn(
        ioc, [&]() -> boost::asio::awaitable<void> { co_await pool.run(job); },
        boost::asio::detached);
  }
  std::thread runner([&] { ioc.run(); });
  while (started < 1)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  while (pool.queued() < 1)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_FALSE(pool.has_capacity());  // one running + one queued = 1 thread + limit 1
  release = true;
  runner.join();
  EXPECT_TRUE(pool.has_capacity());
  EXPECT_EQ(started, 2);
}

}  // namespace
}  // namespace l402d::http
