// The contract of SecretStore: a named secret is created once, by whichever
// handle asks first, and every handle on the database gets the same bytes.

#include <algorithm>
#include <latch>
#include <thread>
#include <vector>

#include "store_contract.hpp"

namespace l402d::store::testing {
namespace {

TEST_P(Secrets, TheFirstAskCreatesTheSecretAndLaterAsksGetIt) {
  auto store = open();
  const auto first = store->secret("root", 32);
  ASSERT_EQ(first.size(), 32u);
  EXPECT_FALSE(std::all_of(first.begin(), first.end(), [](auto b) { return b == 0; }));
  EXPECT_EQ(store->secret("root", 32), first);
}

TEST_P(Secrets, EachNameHasItsOwnSecret) {
  auto store = open();
  EXPECT_NE(store->secret("root", 32), store->secret("mpp", 32));
}

TEST_P(Secrets, ASecretOfAnotherSizeIsCorrupt) {
  auto store = open();
  store->secret("node", 32);
  try {
    store->secret("node", 16);
    FAIL() << "a 32-byte secret was read as 16 bytes";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreError::Kind::corrupt);
    EXPECT_NE(std::string(e.what()).find("node"), std::string::npos);
  }
}

TEST_P(Secrets, AnEmptyNameOrSizeIsRefused) {
  auto store = open();
  EXPECT_THROW(store->secret("", 32), std::invalid_argument);
  EXPECT_THROW(store->secret("root", 0), std::invalid_argument);
}

TEST_P(SharedDatabase, ASecretCreatedByOneHandleIsTheOtherHandles) {
  auto a = open();
  auto b = open();
  EXPECT_EQ(b->secret("root", 32), a->secret("root", 32));
}

// Two instances starting together: every thread of both asks for secrets
// nobody has yet, and all get the one that won.
TEST_P(SharedDatabase, TwoStoresRacingToCreateASecretGetTheSameOne) {
  auto a = open(4);
  auto b = open(4);
  constexpr int kThreads = 8;
  for (int round = 0; round < 5; ++round) {
    const auto name = "raced-" + std::to_string(round);
    std::latch start(kThreads);
    std::vector<Bytes> got(kThreads);
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        got[i] = (i % 2 ? *a : *b).secret(name, 32);
      });
    }
    for (auto& t : threads)
      t.join();
    for (const auto& g : got)
      EXPECT_EQ(g, got.front()) << name;
  }
}

}  // namespace
}  // namespace l402d::store::testing
