#pragma once

// Credentials paid for but not yet used, so that no challenge is ever paid
// twice. One JSON file (mode 0600, written durably: temp + fsync + rename)
// under the data directory, guarded by a flock on a side file.
//
// Crash safety: an entry is written in state `paying` (macaroon, invoice and
// payment hash, no preimage) BEFORE the wallet is asked to pay, and rewritten
// as `paid` with the preimage right after. A run that finds a `paying` entry
// asks the wallet what became of that invoice instead of paying anything new.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/file_lock.hpp"

namespace l402d::client {

enum class TokenState {
  paying,    // payment started, outcome not recorded yet
  paid,      // preimage known, credential not yet accepted by the server
  rejected,  // the server refused this paid credential; kept as a receipt, never retried
};
std::string_view to_string(TokenState state);

// What a credential is for: the same server, method, target and body.
struct CacheKey {
  std::string server;          // scheme://host:port
  std::string method;          // upper case
  std::string target;          // path and query
  std::string request_sha256;  // hex sha256 of the body bytes
  bool operator==(const CacheKey&) const = default;
};
CacheKey make_cache_key(std::string_view url, std::string_view method, std::string_view body);

struct TokenEntry {
  std::string id;  // first 16 hex digits of the token id: what `l402 tokens rm` takes
  CacheKey key;
  TokenState state = TokenState::paying;
  std::string scheme = "L402";  // the challenge's scheme, echoed in Authorization
  std::string macaroon;         // base64 as the server sent it
  std::string invoice;
  std::string payment_hash;  // hex
  std::string preimage;      // hex; empty while paying
  std::uint64_t amount_sats = 0;
  std::string budget_day;  // the day the amount was counted against
  std::string wallet;
  std::int64_t created_at = 0;
  std::int64_t paid_at = 0;
  std::int64_t invoice_expires_at = 0;
};

class TokenCache {
 public:
  explicit TokenCache(std::filesystem::path file);

  std::vector<TokenEntry> list() const;
  // The entry to try for `key`: a paid one first, else a paying one (newest first).
  std::optional<TokenEntry> find(const CacheKey& key) const;
  // Inserts or replaces (by id) and returns once the file is on stable storage.
  void put(const TokenEntry& entry);
  // By full id or unique prefix; false when nothing (or more than one) matches.
  bool remove(std::string_view id_or_prefix);
  std::size_t remove_all();

  const std::filesystem::path& file() const { return file_; }

 private:
  std::vector<TokenEntry> load() const;
  void store(const std::vector<TokenEntry>& entries) const;
  FileLock take_lock() const;
  std::filesystem::path lock_path() const { return file_.string() + ".lock"; }

  std::filesystem::path file_;
};

}  // namespace l402d::client
