// UseBatcher: takes arriving while a batch is under way go together in the
// next one, each taker gets its own total, and a failure reaches every taker
// of the batch without wedging the ones after it.

#include "store/use_batcher.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <latch>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace l402d::store {
namespace {

Hash32 id(std::uint8_t b) {
  Hash32 h{};
  h.fill(b);
  return h;
}

// A database of use counts, whose first batch can be held until released.
struct FakeDatabase {
  std::mutex mutex;
  std::map<Hash32, std::uint32_t> uses;
  std::vector<std::vector<UsesWanted>> batches;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::latch first_arrived{1};

  std::vector<UsesGranted> send(const std::vector<UsesWanted>& batch) {
    bool first = false;
    {
      std::lock_guard lock(mutex);
      first = batches.empty();
      batches.push_back(batch);
    }
    if (first) {
      first_arrived.count_down();
      released.wait();
    }
    std::lock_guard lock(mutex);
    std::vector<UsesGranted> granted;
    for (const auto& w : batch) {
      auto it = uses.find(w.token_id);
      if (it == uses.end() || it->second + w.count > w.limit) continue;
      it->second += w.count;
      granted.push_back({w.token_id, it->second});
    }
    return granted;
  }
};

TEST(UseBatcher, ALoneTakeGoesAtOnceInABatchOfItsOwn) {
  FakeDatabase db;
  db.uses[id(1)] = 4;
  db.release.set_value();
  UseBatcher batcher([&](const auto& batch) { return db.send(batch); });
  EXPECT_EQ(batcher.take(id(1), 10, 7), 5u);
  EXPECT_EQ(batcher.take(id(2), 10, 8), std::nullopt) << "no row: the full rules decide";
  EXPECT_EQ(batcher.batches_sent(), 2u);
}

TEST(UseBatcher, TakesArrivingDuringABatchShareTheNextOne) {
  FakeDatabase db;
  db.uses[id(1)] = 0;
  db.uses[id(2)] = 0;
  UseBatcher batcher([&](const auto& batch) { return db.send(batch); });
  auto first = std::async(std::launch::async, [&] { return batcher.take(id(1), 100, 1); });
  db.first_arrived.wait();
  constexpr int kWaiting = 6;
  std::vector<std::future<std::optional<std::uint32_t>>> waiting;
  for (int i = 0; i < kWaiting; ++i) {
    waiting.push_back(std::async(std::launch::async,
                                 [&, i] { return batcher.take(id(i % 2 ? 2 : 1), 100, 2 + i); }));
  }
  // All six must be queued before the first batch ends; they cannot leave.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  db.release.set_value();
  EXPECT_EQ(first.get(), 1u);
  std::set<std::uint32_t> totals_1, totals_2;
  for (int i = 0; i < kWaiting; ++i) {
    const auto total = waiting[i].get();
    ASSERT_TRUE(total.has_value());
    (i % 2 ? totals_2 : totals_1).insert(*total);
  }
  EXPECT_EQ(totals_1, (std::set<std::uint32_t>{2, 3, 4}));
  EXPECT_EQ(totals_2, (std::set<std::uint32_t>{1, 2, 3}));
  ASSERT_EQ(db.batches.size(), 2u);
  const auto& second = db.batches[1];
  ASSERT_EQ(second.size(), 2u) << "one row per token";
  EXPECT_EQ(second[0].count + second[1].count, 6u);
  EXPECT_EQ(second[0].now, 6) << "the latest time of the token's takers";
}

TEST(UseBatcher, TakersOfATokenWithTooFewUsesLeftAllGoToTheFullRules) {
  FakeDatabase db;
  db.uses[id(1)] = 8;
  UseBatcher batcher([&](const auto& batch) { return db.send(batch); });
  auto first = std::async(std::launch::async, [&] { return batcher.take(id(1), 10, 1); });
  db.first_arrived.wait();
  auto a = std::async(std::launch::async, [&] { return batcher.take(id(1), 10, 2); });
  auto b = std::async(std::launch::async, [&] { return batcher.take(id(1), 10, 2); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  db.release.set_value();
  EXPECT_EQ(first.get(), 9u);
  EXPECT_EQ(a.get(), std::nullopt);
  EXPECT_EQ(b.get(), std::nullopt);
  EXPECT_EQ(db.uses[id(1)], 9u);
}

TEST(UseBatcher, AFailedBatchThrowsToItsTakersAndTheNextBatchStillGoes) {
  std::atomic<int> calls{0};
  UseBatcher batcher([&](const std::vector<UsesWanted>& batch) -> std::vector<UsesGranted> {
    if (calls++ == 0) throw std::runtime_error("database gone");
    return {{batch.front().token_id, 1}};
  });
  EXPECT_THROW(batcher.take(id(1), 10, 1), std::runtime_error);
  EXPECT_EQ(batcher.take(id(1), 10, 2), 1u);
}

}  // namespace
}  // namespace l402d::store
