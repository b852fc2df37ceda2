#pragma once

// Counts uses per key in fixed windows of time (a day of free requests, a
// minute of challenges), behind an interface so that several l402d instances
// can share one store of counts; MemoryWindowCounters is the one-process
// implementation.

#include <cstdint>
#include <memory>
#include <string>

namespace l402d::access {

struct Take {
  bool allowed = false;
  std::uint32_t remaining = 0;   // uses left in this window after this one
  std::int64_t retry_after = 0;  // seconds until the window ends, when refused
};

class WindowCounters {
 public:
  virtual ~WindowCounters() = default;
  // Takes one use of `key` if fewer than `limit` were taken in the window of
  // `window_seconds` that holds `now` (windows start at multiples of it).
  virtual Take take(const std::string& key, std::uint32_t limit, std::int64_t window_seconds,
                    std::int64_t now) = 0;
  // Returns one use taken in the window that holds `now` (a free request whose
  // work failed); nothing when none was taken or that window has ended.
  virtual void give_back(const std::string& key, std::int64_t window_seconds, std::int64_t now) = 0;
  // Whether a call waits on something outside the process (a database), so
  // a caller on an I/O thread should make it on a thread that may block.
  virtual bool may_block() const { return false; }
};

// One process's counts. At most `max_keys` keys are remembered; past that,
// the keys of ended windows go first, then arbitrary ones (a forgotten key
// starts afresh: the bound favours the buyer).
class MemoryWindowCounters final : public WindowCounters {
 public:
  explicit MemoryWindowCounters(std::size_t max_keys = 100'000);
  ~MemoryWindowCounters() override;
  Take take(const std::string& key, std::uint32_t limit, std::int64_t window_seconds,
            std::int64_t now) override;
  void give_back(const std::string& key, std::int64_t window_seconds, std::int64_t now) override;
  std::size_t size() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace l402d::access
