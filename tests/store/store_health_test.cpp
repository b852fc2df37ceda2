// StoreHealth: down after a failure, up after an answer, and while down a
// probe at most once a second, whatever the number of callers.

#include "store/store_health.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "store/store_error.hpp"

namespace l402d::store {
namespace {

TEST(StoreHealth, IsUpUntilAFailureAndAgainAfterAnAnswer) {
  StoreHealth health;
  EXPECT_TRUE(health.up());
  health.failed();
  EXPECT_FALSE(health.up());
  health.answered();
  EXPECT_TRUE(health.up());
}

TEST(StoreHealth, WhileDownCheckProbesAtMostOnceASecond) {
  StoreHealth health;
  int probes = 0;
  bool server_back = false;
  health.set_probe([&] {
    ++probes;
    if (!server_back) {
      health.failed();
      throw StoreError(StoreError::Kind::unavailable, "down");
    }
    health.answered();
  });
  EXPECT_TRUE(health.check()) << "up: no probe";
  EXPECT_EQ(probes, 0);
  health.failed();
  EXPECT_FALSE(health.check());
  EXPECT_FALSE(health.check());
  EXPECT_EQ(probes, 1) << "the second check came within the interval";
  server_back = true;
  EXPECT_FALSE(health.check()) << "still within the interval";
  std::this_thread::sleep_for(StoreHealth::kProbeInterval);
  EXPECT_TRUE(health.check());
  EXPECT_EQ(probes, 2);
}

}  // namespace
}  // namespace l402d::store
