#include <atomic>
#include <latch>
#include <thread>
#include <vector>

// Concurrent use of one store, and two stores on one database
// (store_contract.hpp).

#include "store/revocation_cache.hpp"
#include "store_contract.hpp"

namespace l402d::store::testing {
namespace {

TEST_P(Concurrency, ExactlyOneOfEightConcurrentClaimersWins) {
  auto opened = open(8);
  auto& store = *opened;
  constexpr int kThreads = 8;
  for (int round = 0; round < 5; ++round) {
    const auto t = token("contended-" + std::to_string(round));
    store.mark_token_paid(t, 1);
    std::latch start(kThreads);
    std::atomic<int> claimed{0}, busy{0}, other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&] {
        start.arrive_and_wait();
        try {
          switch (store.claim_token(t, 10, 60).outcome) {
            case Claim::Outcome::claimed:
              ++claimed;
              break;
            case Claim::Outcome::busy:
              ++busy;
              break;
            default:
              ++other;
          }
        } catch (const std::exception&) {
          ++other;  // e.g. SQLITE_BUSY from a transaction that did not lock up front
        }
      });
    }
    for (auto& th : threads)
      th.join();
    EXPECT_EQ(claimed.load(), 1) << "round " << round;
    EXPECT_EQ(busy.load(), kThreads - 1) << "round " << round;
    EXPECT_EQ(other.load(), 0);
    EXPECT_EQ(store.find_token(t.token_id)->attempts, 1);
  }
}

TEST_P(Concurrency, ConcurrentTakeoverOfAnExpiredLeaseHasOneWinner) {
  auto opened = open(8);
  auto& store = *opened;
  const auto t = token("stale");
  ASSERT_EQ(store.claim_token(t, 10, 5).outcome, Claim::Outcome::claimed);
  constexpr int kThreads = 8;
  std::latch start(kThreads);
  std::atomic<int> claimed{0}, errors{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      try {
        if (store.claim_token(t, 100, 60).outcome == Claim::Outcome::claimed) ++claimed;
      } catch (const std::exception&) {
        ++errors;
      }
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(claimed.load(), 1);
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(store.find_token(t.token_id)->attempts, 2);
}

TEST_P(Concurrency, ManyThreadsPutAndGetDifferentKeys) {
  auto opened = open(4);  // fewer connections than threads: borrowers must wait their turn
  auto& store = *opened;
  constexpr int kThreads = 8;
  constexpr int kKeys = 25;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      try {
        for (int k = 0; k < kKeys; ++k) {
          const auto label = std::to_string(i) + "/" + std::to_string(k);
          store.put_root_key(hash_of("id:" + label), hash_of("key:" + label));
          if (store.get_root_key(hash_of("id:" + label)) != hash_of("key:" + label)) ++wrong;
          store.revoke(hash_of("tok:" + label));
        }
      } catch (const std::exception&) {
        ++wrong;
      }
    });
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(wrong.load(), 0);
  for (int i = 0; i < kThreads; ++i) {
    for (int k = 0; k < kKeys; ++k) {
      const auto label = std::to_string(i) + "/" + std::to_string(k);
      ASSERT_EQ(store.get_root_key(hash_of("id:" + label)), hash_of("key:" + label)) << label;
      ASSERT_TRUE(store.is_revoked(hash_of("tok:" + label))) << label;
    }
  }
}

TEST_P(SharedDatabase, TwoStoresSeeEachOthersWritesAndShareClaims) {
  auto a = open();
  auto b = open();
  a->put_root_key(hash_of("id"), hash_of("key"));
  EXPECT_EQ(b->get_root_key(hash_of("id")), hash_of("key"));
  const auto t = token("shared");
  EXPECT_EQ(a->claim_token(t, 1, 60).outcome, Claim::Outcome::claimed);
  EXPECT_EQ(b->claim_token(t, 2, 60).outcome, Claim::Outcome::busy);
}

TEST_P(SharedDatabase, AnotherProcessesRevocationsApplyAtTheNextRefresh) {
  auto store = open();
  auto other = open();
  RevocationCache cache(*store);
  other->revoke(hash_of("elsewhere"));
  EXPECT_FALSE(cache.is_revoked(hash_of("elsewhere")));
  cache.refresh();
  EXPECT_TRUE(cache.is_revoked(hash_of("elsewhere")));
}

}  // namespace
}  // namespace l402d::store::testing
