#pragma once

// This instance's challenges that are neither paid nor expired: the seller's
// "invoices awaiting payment" and the inputs of a conversion rate
// (issued = paid + expired unpaid + dropped + still open).
//
// In memory and per instance: a challenge paid and redeemed at another
// instance sharing the database counts as expired unpaid here. Bounded:
// past `capacity` the oldest entry is dropped (and counted), so a flood of
// unpaid requests costs memory once, not forever. Expired entries are swept
// lazily, on insert and on listing, so nothing runs in the background.
//
// On the challenge path: an insert is one lock, one hash-map insert and one
// deque push, next to an invoice that costs a signature at least.

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "http/metrics.hpp"
#include "util/bytes.hpp"

namespace l402d::gateway {

// Which rails a challenge offered, as bits (a 402 offers every enabled one).
enum RailBit : std::uint8_t { rail_l402 = 1, rail_mpp = 2, rail_x402 = 4 };

struct OpenChallenge {
  Hash32 payment_hash{};
  std::string service;
  std::uint64_t price_msat = 0;
  std::uint8_t rails = 0;  // RailBit
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;  // the invoice's
};

class OpenChallenges {
 public:
  static constexpr std::size_t kDefaultCapacity = 100000;

  // `metrics` may be null: nothing is counted.
  explicit OpenChallenges(http::Metrics* metrics, std::size_t capacity = kDefaultCapacity);

  void add(OpenChallenge challenge, std::int64_t now);
  // The challenge of `payment_hash` was paid: forgotten, and counted as paid
  // when it was this instance's and still open. Cheap when unknown.
  void paid(const Hash32& payment_hash);
  // Newest first; `service` empty: every service.
  std::vector<OpenChallenge> list(const std::string& service, std::size_t limit, std::int64_t now);
  std::size_t size() const;

 private:
  struct Counters {
    http::Metrics::Counter paid;
    http::Metrics::Counter expired_unpaid;
  };
  struct Queued {
    Hash32 payment_hash;
    std::uint64_t serial;  // tells a live entry from a paid one with the same hash
    std::int64_t expires_at;
  };
  struct Entry {
    OpenChallenge challenge;
    std::uint64_t serial;
  };

  // Under the lock.
  void sweep(std::int64_t now);
  void drop_oldest();
  Counters& counters_for(const std::string& service);

  http::Metrics* metrics_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<Hash32, Entry, HashOfHash32> open_;
  std::deque<Queued> order_;  // by creation: with one invoice expiry, by expiry too
  std::uint64_t next_serial_ = 0;
  std::unordered_map<std::string, Counters> counters_;
  http::Metrics::Counter dropped_;
};

}  // namespace l402d::gateway
