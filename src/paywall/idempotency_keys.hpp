#pragma once

// The challenges handed out under a client's idempotency key (the
// Idempotency-Key header, or x402's payment-identifier), so that a retried
// unpaid request gets the same invoice again instead of a second one to pay.
// A key names one request: the same key with another request is refused.
//
// Kept for as long as the invoice can be paid (after that a retry needs a new
// invoice anyway): in memory per instance (MemoryIdempotencyKeys), or in a
// store several instances share (StoredIdempotencyKeys).

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "paywall/challenger.hpp"
#include "paywall/rail_offers.hpp"
#include "util/bytes.hpp"

namespace l402d::paywall {

// 16 to 255 visible ASCII characters, after removing the quotes of an RFC
// 8941 string (the IETF draft's form); nullopt when it is not a usable key.
std::optional<std::string> parse_idempotency_key(std::string_view header_value);

struct KeyedChallenge {
  std::string service;
  std::optional<Hash32> request_hash;
  // Empty (no invoice) when the key came with a credential; expires_at is
  // then how long the key is kept.
  Challenge challenge;
  ChallengeText text;
  Hash32 token_id{};  // the challenge's token: its result, once redeemed
};

class IdempotencyKeys {
 public:
  virtual ~IdempotencyKeys() = default;
  // The challenge kept under `key`, unless it can no longer be paid at `now`.
  virtual std::optional<KeyedChallenge> find(const std::string& key, std::int64_t now) = 0;
  // Keeps `entry` under `key` unless the key is taken (first one wins).
  virtual void remember(const std::string& key, KeyedChallenge entry, std::int64_t now) = 0;
  // Whether a call waits on a database: the gate then makes it on a store thread.
  virtual bool may_block() const { return false; }
};

// One process's keys. Bounded: the oldest keys go first.
class MemoryIdempotencyKeys final : public IdempotencyKeys {
 public:
  explicit MemoryIdempotencyKeys(std::size_t max_keys = 100000) : max_keys_(max_keys) {}

  std::optional<KeyedChallenge> find(const std::string& key, std::int64_t now) override;
  void remember(const std::string& key, KeyedChallenge entry, std::int64_t now) override;
  std::size_t size() const;

 private:
  void forget_oldest_locked();

  const std::size_t max_keys_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, KeyedChallenge> entries_;
  std::deque<std::string> order_;  // insertion order, for the bound
};

}  // namespace l402d::paywall
