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

// The per-day spending limit, persisted as
// {"day":"YYYY-MM-DD","spent_msat":N,"spent_sats":ceil(N/1000)} (the UTC
// day) so that separate runs add up; files written before spent_msat existed
// are read from spent_sats. Counted in msat so that fees and msat-precise
// invoices add up without rounding; the limit itself is in sats.
//
// A payment reserves its amount plus the most the wallet may charge in fees
// before it starts, under a file lock, so two concurrent `l402` processes
// cannot both squeeze under the limit. A payment that went through settles the
// reservation at amount + the fee actually charged; one that definitely failed
// gives its reservation back.
class Budget {
 public:
  Budget(std::filesystem::path file, std::optional<std::uint64_t> daily_limit_sats,
         Clock clock = unix_now);

  struct Reservation {
    bool granted = false;
    std::string day;                      // the day the sats were counted against
    std::uint64_t spent_before_msat = 0;  // today's total before this reservation
  };
  // Adds `msat` to today's total if that stays within the limit (always, with no limit).
  Reservation reserve(std::uint64_t msat);
  // Takes back a reservation; nothing happens once its day is over.
  void release(std::uint64_t msat, const std::string& day);
  // Replaces a reservation of `reserved_msat` by what was spent (may be more,
  // when a wallet charged above its limit: spent is spent). Nothing happens
  // once its day is over.
  void settle(std::uint64_t reserved_msat, std::uint64_t spent_msat, const std::string& day);

  std::uint64_t spent_today_msat() const;
  const std::optional<std::uint64_t>& limit() const { return limit_; }
  std::string today() const;

 private:
  struct State {
    std::string day;
    std::uint64_t spent_msat = 0;
  };
  State load() const;
  FileLock take_lock() const;
  void store(const State& state) const;

  std::filesystem::path file_;
  std::optional<std::uint64_t> limit_;
  Clock clock_;
};

}  // namespace l402d::client
