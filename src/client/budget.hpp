#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "client/file_lock.hpp"
#include "util/clock.hpp"

namespace l402d::client {

// Unix seconds; injectable so tests can cross midnight.
using Clock = std::function<std::int64_t()>;

// The per-day spending limit, persisted as {"day":"YYYY-MM-DD","spent_sats":N}
// (the UTC day) so that separate runs add up. Sats are reserved before a
// payment starts, under a file lock, so two concurrent `l402` processes cannot
// both squeeze under the limit; a payment that definitely failed gives its
// reservation back.
class Budget {
 public:
  Budget(std::filesystem::path file, std::optional<std::uint64_t> daily_limit_sats,
         Clock clock = unix_now);

  struct Reservation {
    bool granted = false;
    std::string day;                 // the day the sats were counted against
    std::uint64_t spent_before = 0;  // today's total before this reservation
  };
  // Adds `sats` to today's total if that stays within the limit (always, with no limit).
  Reservation reserve(std::uint64_t sats);
  // Takes back a reservation; nothing happens once its day is over.
  void release(std::uint64_t sats, const std::string& day);

  std::uint64_t spent_today() const;
  const std::optional<std::uint64_t>& limit() const { return limit_; }
  std::string today() const;

 private:
  struct State {
    std::string day;
    std::uint64_t spent = 0;
  };
  State load() const;
  FileLock take_lock() const;
  void store(const State& state) const;

  std::filesystem::path file_;
  std::optional<std::uint64_t> limit_;
  Clock clock_;
};

}  // namespace l402d::client
