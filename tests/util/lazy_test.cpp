#include "util/lazy.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace l402d::util {
namespace {

TEST(Lazy, MakesNothingUntilAsked) {
  int made = 0;
  Lazy<int> lazy([&made] {
    ++made;
    return std::make_unique<int>(7);
  });
  EXPECT_FALSE(lazy.loaded());
  EXPECT_EQ(made, 0);
  EXPECT_EQ(lazy.get(), 7);
  EXPECT_TRUE(lazy.loaded());
  EXPECT_EQ(lazy.get(), 7);
  EXPECT_EQ(made, 1);
}

TEST(Lazy, ConcurrentFirstCallsMakeItOnce) {
  std::atomic<int> made{0};
  Lazy<int> lazy([&made] {
    ++made;
    // Slow enough that every thread arrives while it is being made.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return std::make_unique<int>(42);
  });
  std::vector<std::thread> threads;
  std::vector<const int*> seen(16);
  for (std::size_t i = 0; i < seen.size(); ++i)
    threads.emplace_back([&, i] { seen[i] = &lazy.get(); });
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(made.load(), 1);
  for (const int* p : seen)
    EXPECT_EQ(p, seen.front());
}

TEST(Lazy, AFailedMakeIsTriedAgainOnTheNextCall) {
  int calls = 0;
  Lazy<int> lazy([&calls]() -> std::unique_ptr<int> {
    if (++calls == 1) throw std::runtime_error("model file missing");
    return std::make_unique<int>(1);
  });
  EXPECT_THROW(lazy.get(), std::runtime_error);
  EXPECT_FALSE(lazy.loaded());
  EXPECT_EQ(lazy.get(), 1);
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace l402d::util
