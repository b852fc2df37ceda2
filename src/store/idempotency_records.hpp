#pragma once

// Idempotency keys kept in a store that several instances share, so that a
// client retrying an unpaid request at another instance gets the invoice it
// was given first. The store keeps opaque entries (the paywall encodes its
// challenge: paywall/stored_idempotency_keys.hpp), the first one under a key
// wins, and an entry is gone once `now` reaches its expiry.

#include <cstdint>
#include <optional>
#include <string>

namespace l402d::store {

class IdempotencyRecords {
 public:
  virtual ~IdempotencyRecords() = default;
  // The entry kept under `key`, unless it expired at or before `now`.
  virtual std::optional<std::string> find_entry(const std::string& key, std::int64_t now) = 0;
  // Keeps `entry` under `key` until `expires_at`, unless an entry live at
  // `now` holds the key already (the first one wins); an expired one is replaced.
  virtual void keep_entry(const std::string& key, const std::string& entry, std::int64_t expires_at,
                          std::int64_t now) = 0;
  // Deletes the entries expired at `now`; returns how many.
  virtual std::size_t purge_entries(std::int64_t now) = 0;
};

}  // namespace l402d::store
