#pragma once

// Tokens whose paid work runs in this instance now. The store keeps a claim
// alive by its lease, counted on the wall clock; a step of that clock past the
// lease (or work outliving it) would let a second request for the same token
// take the claim over and run the work again beside the first. This instance
// knows its own work is alive, so that request waits for it instead. Claims
// held by other instances, or by this one's previous life, still go by the
// lease.

#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "util/bytes.hpp"

namespace l402d::gateway {

class LocalRuns {
 public:
  // Released when the last copy goes; then `ended` is called with the token.
  using Hold = std::shared_ptr<void>;
  explicit LocalRuns(std::function<void(const Hash32&)> ended = {}) : ended_(std::move(ended)) {}

  Hold hold(const Hash32& token_id);
  bool running(const Hash32& token_id) const;

 private:
  void release(const Hash32& token_id);

  std::function<void(const Hash32&)> ended_;
  mutable std::mutex mutex_;
  std::unordered_map<Hash32, int, HashOfHash32> runs_;
};

}  // namespace l402d::gateway
