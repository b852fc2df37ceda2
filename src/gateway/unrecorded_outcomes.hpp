#pragma once

// Outcomes of paid work that the store could not record (a full disk, an
// outage at that moment). Until recorded, the token's row still shows the
// claim, and a retry would wait for its lease (the job timeout + 30 s). This
// instance knows the claim is dead, so it holds the outcome and writes it
// before the token's next claim here: a failure makes the token redeemable
// again at once, a result is replayed.
//
// In memory and per instance: after a restart, the claims of the previous
// life are ended at start (SQLite); at another instance sharing PostgreSQL,
// the lease still has to run out. Bounded: past the limit the oldest is
// dropped, and its token waits out its lease as before.

#include <atomic>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "paywall/authorizer.hpp"
#include "paywall/work_outcome.hpp"

namespace l402d::gateway {

struct UnrecordedOutcome {
  paywall::PaidToken token;
  paywall::WorkOutcome outcome;
};

class UnrecordedOutcomes {
 public:
  explicit UnrecordedOutcomes(std::size_t limit = 10000) : limit_(limit) {}

  void hold(UnrecordedOutcome held);
  // Removes and returns the outcome held for `token_id`, if any.
  std::optional<UnrecordedOutcome> take(const Hash32& token_id);
  std::size_t size() const;

 private:
  std::size_t limit_;
  // Read without the lock, so a paid request finds "nothing held" (the
  // usual case) without contending with every other one.
  std::atomic<std::size_t> count_{0};
  mutable std::mutex mutex_;
  std::unordered_map<Hash32, UnrecordedOutcome, HashOfHash32> held_;
  std::deque<Hash32> order_;  // oldest first; may name tokens already taken
};

}  // namespace l402d::gateway
