#pragma once

// Credentials paid for but not yet used, so that no challenge is ever paid
// twice, and receipts of what was bought. One JSON file (mode 0600, written
// durably: temp + fsync + rename) under the data directory, guarded by a
// flock on a side file.
//
// Crash safety: an entry is written in state `paying` (macaroon, invoice and
// payment hash, no preimage) BEFORE the wallet is asked to pay, and rewritten
// as `paid` with the preimage right after. A run that finds a `paying` entry
// asks the wallet what became of that invoice instead of paying anything new.
//
// Receipts: a credential the server accepted becomes `used` (with the time)
// instead of leaving the file; `used` and `rejected` entries are never sent
// again. prune_receipts keeps them from piling up.
//
// Rails: a credential is sent in the dialect of the challenge that was paid
// (L402, MPP or x402), so an entry remembers its rail and what that dialect's
// credential echoes back; the `paying` entry already holds it, so a run that
// resolves an interrupted payment can still build the credential. Entries
// written before rails existed have no `rail` and are L402.

#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "client/file_lock.hpp"
#include "mpp/challenge.hpp"

namespace l402d::client {

enum class TokenState {
  paying,    // payment started, outcome not recorded yet
  paid,      // preimage known, credential not yet accepted by the server
  rejected,  // the server refused this paid credential; kept as a receipt, never retried
  used,      // the server accepted it: a receipt of what was bought, never sent again
};
std::string_view to_string(TokenState state);

// The dialect a credential is sent in (docs/payment-rails.md).
enum class Rail {
  l402,  // Authorization: L402 (or LSAT) <macaroon>:<preimage>
  mpp,   // Authorization: Payment <base64url JSON echoing the challenge>
  x402,  // PAYMENT-SIGNATURE: <base64 JSON echoing the offer>
};
std::string_view to_string(Rail rail);
std::optional<Rail> parse_rail(std::string_view name);

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
  std::string id;  // 16 hex digits of the token id (MPP, x402: of the payment hash)
  CacheKey key;
  TokenState state = TokenState::paying;
  Rail rail = Rail::l402;
  std::string scheme = "L402";         // the challenge's scheme: L402 or LSAT, Payment, x402
  std::string macaroon;                // base64 as the server sent it; empty off the L402 rail
  mpp::ChallengeParams mpp_challenge;  // rail mpp: the challenge the credential echoes
  boost::json::object x402_accepted;   // rail x402: the offer, echoed as `accepted`
  int x402_version = 0;                // rail x402: the offer's x402Version
  std::string invoice;
  std::string payment_hash;          // hex
  std::string preimage;              // hex; empty while paying
  std::uint64_t amount_sats = 0;     // rounded up, for people and older files
  std::uint64_t amount_msat = 0;     // the invoice's amount
  std::uint64_t fee_limit_msat = 0;  // the most the wallet was allowed to charge
  std::uint64_t fee_msat = 0;        // what it charged (the limit when it did not say)
  std::uint64_t reserved_msat = 0;   // what the daily budget counted while paying
  std::string budget_day;            // the day it was counted against
  std::string wallet;
  std::int64_t created_at = 0;
  std::int64_t paid_at = 0;
  std::int64_t used_at = 0;  // when the server accepted it (state used)
  std::int64_t invoice_expires_at = 0;
};

// How many receipts (used and rejected entries) to keep: none older than
// max_age_days, at most max_count (the newest). Entries still paying or paid
// are credentials, never pruned.
struct ReceiptRetention {
  std::int64_t max_age_days = 90;
  std::size_t max_count = 1000;
};

class TokenCache {
 public:
  explicit TokenCache(std::filesystem::path file);

  std::vector<TokenEntry> list() const;
  // The entry to try for `key`: a paid one first, else a paying one (newest
  // first); receipts (used, rejected) never.
  std::optional<TokenEntry> find(const CacheKey& key) const;
  // Inserts or replaces (by id) and returns once the file is on stable storage.
  void put(const TokenEntry& entry);
  // By full id or unique prefix; false when nothing (or more than one) matches.
  bool remove(std::string_view id_or_prefix);
  std::size_t remove_all();
  // Drops receipts beyond `retention` as of `now`; returns how many.
  std::size_t prune_receipts(const ReceiptRetention& retention, std::int64_t now);

  const std::filesystem::path& file() const { return file_; }

 private:
  std::vector<TokenEntry> load() const;
  void store(const std::vector<TokenEntry>& entries) const;
  FileLock take_lock() const;
  std::filesystem::path lock_path() const { return file_.string() + ".lock"; }

  std::filesystem::path file_;
};

}  // namespace l402d::client
