#pragma once

// Concurrent takes of a reusable token's uses share one trip to the database.
// The first caller to find no batch under way leads: it sends every take
// queued so far as one batch. Callers arriving meanwhile queue and go in the
// next batch, led by whichever of them wakes first. Nobody waits for a timer,
// so a lone take goes at once; under load a round trip carries as many takes
// as there are callers blocked on it, which is what lets a store across the
// network keep up with an embedded one.

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "util/bytes.hpp"

namespace l402d::store {

// `count` uses of one token at once, all or none, up to `limit` in total.
struct UsesWanted {
  Hash32 token_id{};
  std::uint32_t count = 0;
  std::uint32_t limit = 0;
  std::int64_t now = 0;
};

// A token whose uses were taken, and its total after them.
struct UsesGranted {
  Hash32 token_id{};
  std::uint32_t total = 0;
};

class UseBatcher {
 public:
  // Takes each wanted token's uses where they fit; a token left out of the
  // answer took none. Throws like any store call.
  using SendBatch = std::function<std::vector<UsesGranted>(const std::vector<UsesWanted>&)>;

  explicit UseBatcher(SendBatch send) : send_(std::move(send)) {}

  // The token's uses so far, this one included; nullopt when the batch could
  // not take it (no row yet, none left, or fewer left than takers in the
  // batch), for the caller's full rules to decide alone.
  std::optional<std::uint32_t> take(const Hash32& token_id, std::uint32_t limit, std::int64_t now);

  std::uint64_t batches_sent() const;

 private:
  struct Pending {
    Hash32 token_id{};
    std::uint32_t limit = 0;
    std::int64_t now = 0;
    std::optional<std::uint32_t> total;
    std::exception_ptr error;
    bool done = false;
  };
  void send(const std::vector<Pending*>& batch) noexcept;

  SendBatch send_;
  mutable std::mutex mutex_;
  std::condition_variable finished_;
  std::vector<Pending*> queue_;
  bool leading_ = false;
  std::uint64_t batches_ = 0;
};

}  // namespace l402d::store
