#pragma once

// IdempotencyKeys kept in a store several instances share (PostgreSQL), so a
// client that retries an unpaid request at another instance gets the same
// invoice. Each KeyedChallenge is kept as one JSON entry until its challenge
// expires.
//
// A store that fails is treated as a key that is not there: the client gets a
// fresh invoice (never a wrong one), as with a key the memory bound dropped.

#include "paywall/idempotency_keys.hpp"
#include "store/idempotency_records.hpp"

namespace l402d::paywall {

class StoredIdempotencyKeys final : public IdempotencyKeys {
 public:
  // `records` must outlive the keys.
  explicit StoredIdempotencyKeys(store::IdempotencyRecords& records) : records_(records) {}
  bool may_block() const override { return true; }

  std::optional<KeyedChallenge> find(const std::string& key, std::int64_t now) override;
  void remember(const std::string& key, KeyedChallenge entry, std::int64_t now) override;

 private:
  store::IdempotencyRecords& records_;
};

// The JSON form of an entry, and back (nullopt when it is not one).
std::string encode_keyed_challenge(const KeyedChallenge& entry);
std::optional<KeyedChallenge> decode_keyed_challenge(std::string_view json);

}  // namespace l402d::paywall
