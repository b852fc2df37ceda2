#pragma once

// Results of redeemed tokens kept in memory, so that a replay (a client that
// lost the response, or one that polls) costs no database read, no thread hop
// and no re-validation of the body. A redeemed result never changes, so the
// copy can only be stale in one way, its age, which the gate checks against the
// retention on every hit; revocation and token expiry are checked by verify
// before the cache is consulted. Bounded by the bytes of the bodies it holds,
// least recently used out first.

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/message.hpp"
#include "util/bytes.hpp"

namespace l402d::gateway {

struct CachedResult {
  Hash32 request_hash{};  // the request the token paid for
  // That request's method, target and body as they arrived, when the body is
  // small (kMaxRequestBody): a replay with the very same bytes has the same
  // hash without parsing and hashing the JSON again.
  http::Verb request_method = http::Verb::unknown;
  std::string request_target;
  std::string request_body;
  static constexpr std::size_t kMaxRequestBody = 64 * 1024;
  int status = 200;
  std::string content_type;
  std::string body;
  std::int64_t stored_at = 0;  // unix seconds, as the store recorded it
};

class ResultCache {
 public:
  // `max_bytes` 0 disables the cache (every get misses, put keeps nothing).
  explicit ResultCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<const CachedResult> get(const Hash32& token_id);
  // A body larger than a quarter of the budget is not kept: one big result
  // should not flush everything else.
  void put(const Hash32& token_id, std::shared_ptr<const CachedResult> result);
  void erase(const Hash32& token_id);
  std::size_t bytes() const;
  std::size_t size() const;

 private:
  struct Entry {
    Hash32 token_id;
    std::shared_ptr<const CachedResult> result;
  };
  static std::size_t cost(const CachedResult& r);
  void erase_locked(std::list<Entry>::iterator it);

  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<Hash32, std::list<Entry>::iterator, HashOfHash32> index_;
  std::size_t bytes_ = 0;
};

}  // namespace l402d::gateway
